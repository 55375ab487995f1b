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
