package com.customertimeline.readmodel.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/** Wire servers over backends under comparison, each with a driver client; closes them all. */
final class WireServers implements AutoCloseable {

    private final List<MongoServer> servers = new ArrayList<>();
    private final List<MongoClient> clients = new ArrayList<>();

    /** A collection served from the backend, reached through the MongoDB driver. */
    MongoCollection<Document> collection(MongoBackend backend, String name) {
        MongoServer server = new MongoServer(backend);
        servers.add(server);
        MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
        clients.add(client);
        return client.getDatabase("test").getCollection(name);
    }

    @Override
    public void close() {
        clients.forEach(MongoClient::close);
        servers.forEach(MongoServer::shutdown);
    }
}
