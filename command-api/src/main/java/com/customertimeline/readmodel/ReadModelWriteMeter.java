package com.customertimeline.readmodel;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Counts the documents each collection of the read models is sent to write ({@value #DOCUMENTS_WRITTEN},
 * tagged with the collection and the command: {@code insert}, {@code update}, {@code delete}). Together with
 * the driver's own round-trip timer ({@code mongodb.driver.commands}, Micrometer's
 * {@code MongoMetricsCommandListener}) it gives the figure that carries over from the embedded store to a
 * production MongoDB: documents written and round trips per event, per projection (issue 16). Neither
 * depends on the store's speed, so what is measured on this machine holds there.
 *
 * <p>A write of a bulk operation counts once per document it names, whether or not it matched.
 */
public final class ReadModelWriteMeter implements CommandListener {

    /** The counter's name. */
    public static final String DOCUMENTS_WRITTEN = "timeline.read-model.documents.written";

    private static final Map<String, String> LIST_FIELD = Map.of(
            "insert", "documents",
            "update", "updates",
            "delete", "deletes");

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public ReadModelWriteMeter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        String listField = LIST_FIELD.get(event.getCommandName());
        if (listField == null) {
            return;
        }
        BsonDocument command = event.getCommand();
        BsonValue collection = command.get(event.getCommandName());
        BsonValue written = command.get(listField);
        if (collection == null || !collection.isString() || written == null || !written.isArray()) {
            return;
        }
        String name = collection.asString().getValue();
        counters.computeIfAbsent(event.getCommandName() + " " + name, key -> Counter.builder(DOCUMENTS_WRITTEN)
                        .description("Documents the read models' collections were sent to write")
                        .tag("collection", name)
                        .tag("command", event.getCommandName())
                        .register(registry))
                .increment(written.asArray().size());
    }
}
