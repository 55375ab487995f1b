package com.customertimeline.projections.testsupport;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * An in-process MongoDB (mongo-java-server; memory backend, or with {@code -Dtest.mongo.backend=h2} the H2
 * backend the service uses by default) reached through the real driver, recording the commands it receives
 * so tests can count round trips.
 */
public final class TestMongo implements AutoCloseable {

    private final MongoServer server = new MongoServer(
            "h2".equals(System.getProperty("test.mongo.backend")) ? H2Backend.inMemory() : new MemoryBackend());
    private final MongoClient client;
    private final MongoDatabase database;
    private final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, java.util.concurrent.atomic.AtomicLong> documentsWritten =
            new java.util.concurrent.ConcurrentHashMap<>();

    public TestMongo() {
        InetSocketAddress address = server.bind();
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                org.bson.BsonValue target = event.getCommand().get(event.getCommandName());
                commands.add(event.getCommandName() + " "
                        + (target != null && target.isString()
                                ? target.asString().getValue()
                                : target));
                String written =
                        switch (event.getCommandName()) {
                            case "insert" -> "documents";
                            case "update" -> "updates";
                            default -> null;
                        };
                if (written != null && target != null && target.isString()) {
                    // a bulk write's documents may also travel as a payload beside the command
                    int count = event.getCommand().containsKey(written)
                            ? event.getCommand().getArray(written).size()
                            : 0;
                    documentsWritten
                            .computeIfAbsent(
                                    target.asString().getValue(), k -> new java.util.concurrent.atomic.AtomicLong())
                            .addAndGet(count);
                }
            }
        };
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(
                        new ConnectionString("mongodb://" + address.getHostString() + ":" + address.getPort()))
                .addCommandListener(listener)
                .build());
        database = client.getDatabase("customer_timeline_test");
    }

    public MongoDatabase database() {
        return database;
    }

    /** Commands sent so far, as "name collection", e.g. {@code update customer_summaries}. */
    public List<String> commands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    /** Documents inserted or replaced in a collection so far (by the commands' own counts). */
    public long documentsWritten(String collection) {
        java.util.concurrent.atomic.AtomicLong count = documentsWritten.get(collection);
        return count == null ? 0 : count.get();
    }

    public void clearWrites() {
        documentsWritten.clear();
    }

    public void clearCommands() {
        commands.clear();
    }

    /** Every document of every collection, sorted by id: the whole read model, for equality checks. */
    public Map<String, List<Document>> dump() {
        Map<String, List<Document>> all = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        database.listCollectionNames().into(names);
        Collections.sort(names);
        for (String name : names) {
            List<Document> documents = new ArrayList<>();
            database.getCollection(name).find().sort(new Document("_id", 1)).into(documents);
            all.put(name, documents);
        }
        return all;
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
