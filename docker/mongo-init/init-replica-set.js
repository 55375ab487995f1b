// Run by the one-shot `mongo-init` service (mongosh --file) against mongo1.
// Initiates replica set rs0 if it is not initiated yet, then waits until a primary exists.
// Safe to run again on every `docker compose up`.

const config = {
  _id: "rs0",
  members: [
    { _id: 0, host: "mongo1:27017", priority: 2 },
    { _id: 1, host: "mongo2:27017", priority: 1 },
    { _id: 2, host: "mongo3:27017", priority: 1 },
  ],
};

function isInitiated() {
  try {
    rs.status();
    return true;
  } catch (e) {
    if (e.code === 94 || e.codeName === "NotYetInitialized") {
      return false;
    }
    throw e;
  }
}

if (isInitiated()) {
  print("mongo-init: replica set rs0 already initiated");
} else {
  print("mongo-init: initiating replica set rs0");
  rs.initiate(config);
}

const deadline = Date.now() + 120 * 1000;
for (;;) {
  const primary = rs.status().members.find((m) => m.stateStr === "PRIMARY");
  if (primary) {
    print("mongo-init: primary is " + primary.name);
    break;
  }
  if (Date.now() > deadline) {
    print("mongo-init: no primary elected within 120 s");
    quit(1);
  }
  sleep(1000);
}
