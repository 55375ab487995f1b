#!/usr/bin/env bash
# Issue 16, "ready after kill -9": fills a fresh embedded default through the bulk import (reps,
# customers and records in the ingest mix; the views stopped for the import and caught up after it),
# kills the service with kill -9 at rest, starts it again on the same data folder and reports how long
# it takes until it answers ready and until every read-side projection is back at the head of the stream.
# Usage: benchmark/restart-after-kill.sh [--customers=10000] [--events=1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d /tmp/timeline-kill.XXXXXX)
export TIMELINE_ADMIN_PASSWORD="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
mvn -B -q -Dmaven.test.skip=true ${BENCH_MVN_FLAGS:-} install
mvn -B -q -pl benchmark dependency:build-classpath -Dmdep.outputFile="$data/classpath.txt"
service=
start() {
  java -Xmx4g ${BENCH_JAVA_OPTS:-} -jar command-api/target/command-api-0.1.0-SNAPSHOT-exec.jar \
    --server.address=127.0.0.1 --server.port=8080 --timeline.data-dir="$data" \
    --logging.level.root=WARN ${BENCH_SERVICE_ARGS:-} > "$data/service-$1.log" 2>&1 &
  service=$!
}
ready() { curl -sf http://127.0.0.1:8080/actuator/health/readiness >/dev/null; }
trap 'kill $service 2>/dev/null || true' EXIT
start 1
for _ in $(seq 1 120); do ready && break; sleep 1; done
java -cp "benchmark/target/classes:$(cat "$data/classpath.txt")" \
  com.customertimeline.benchmark.LoadGenerator --base-url=http://127.0.0.1:8080 \
  --scenario=import --read-models=after-import --repost=false "$@"
echo "data folder before the kill: $(du -sh "$data" | cut -f1)"
kill -9 "$service"
sleep 1
killed=$(date +%s.%N)
start 2
until ready; do sleep 0.1; done
answered=$(date +%s.%N)
# every read-side projection back at the head (the two tracking processors act on events and are not views)
until curl -sf -u "admin:$TIMELINE_ADMIN_PASSWORD" http://127.0.0.1:8080/api/v1/admin/processors \
    | python3 -c 'import json,sys; ps=[p for p in json.load(sys.stdin) if p["name"] in ("timeline","customer-summary","rep-portfolio")]; sys.exit(0 if len(ps)==3 and all(p.get("lag") == 0 for p in ps) else 1)'; do
  sleep 0.2
done
current=$(date +%s.%N)
python3 - "$killed" "$answered" "$current" <<'PY'
import sys
killed, answered, current = map(float, sys.argv[1:])
print({"secondsUntilReady": round(answered - killed, 1), "secondsUntilReadModelsCurrent": round(current - killed, 1)})
PY
du -sh "$data"
