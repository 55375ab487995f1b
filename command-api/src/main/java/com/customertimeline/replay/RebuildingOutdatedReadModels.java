package com.customertimeline.replay;

import com.customertimeline.projections.timeline.TimelineProjection;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Instant;
import java.util.Date;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Rebuilds, once, a read model that an earlier version stored in a layout this version no longer reads,
 * so an upgrade needs no step from the operator (read models are derived data: ADR 0003).
 *
 * <p>Today that is the timeline: since ADR 0019 its entries are keyed in timeline order, and entries
 * written under the earlier {@code customerId:sequence} key would be invisible to the pages, which read a
 * range of keys. Which layout the store holds is recorded in {@value #COLLECTION}; only when no record
 * exists are the entries searched for the earlier layout (one pass, on the first start of this version).
 * A rebuild is recorded as pending before the replay starts and as done after, so a stop in between
 * starts it again.
 */
@Component
public class RebuildingOutdatedReadModels {

    private static final Logger log = LoggerFactory.getLogger(RebuildingOutdatedReadModels.class);

    /** One document per projection whose stored layout changed: {@code {_id: group, layout: n}}. */
    public static final String COLLECTION = "read_model_layouts";

    /** The timeline's layout: entries keyed by customer, business time and sequence. */
    static final int TIMELINE_LAYOUT = 2;

    private final MongoDatabase readModel;
    private final EventProcessingConfiguration processing;
    private final ReplayProgress progress;

    RebuildingOutdatedReadModels(
            @Qualifier("readModelDatabase") MongoDatabase readModel,
            EventProcessingConfiguration processing,
            ReplayProgress progress) {
        this.readModel = readModel;
        this.processing = processing;
        this.progress = progress;
    }

    /** Runs when the service is ready, with the processors running; returns whether a rebuild started. */
    @EventListener(ApplicationReadyEvent.class)
    public boolean rebuildWhatAnEarlierVersionStored() {
        MongoCollection<Document> layouts = readModel.getCollection(COLLECTION);
        String group = TimelineProjection.PROCESSING_GROUP;
        Document recorded = layouts.find(Filters.eq("_id", group)).first();
        boolean pending = recorded != null && recorded.getBoolean("rebuildPending", false);
        if (recorded != null && recorded.getInteger("layout", 0) >= TIMELINE_LAYOUT && !pending) {
            return false;
        }
        boolean started = false;
        if (pending || earlierEntriesExist()) {
            StreamingEventProcessor processor = processing
                    .eventProcessor(group, StreamingEventProcessor.class)
                    .orElseThrow(() -> new IllegalStateException("no event processor " + group));
            log.warn(
                    "The timeline read model was stored by an earlier version under keys this version does not"
                            + " read; rebuilding it from the event store (progress: GET /api/v1/admin/processors/{})",
                    group);
            // recorded first: the reset drops the collections before Axon stores the replay tokens, and a
            // stop in between must not leave an empty timeline that no later start rebuilds
            record(layouts, group, true);
            progress.replay(group, processor);
            started = true;
        }
        record(layouts, group, false);
        return started;
    }

    private boolean earlierEntriesExist() {
        return readModel
                        .getCollection(TimelineProjection.ENTRIES)
                        .find(TimelineProjection.entriesInEarlierLayout())
                        .limit(1)
                        .first()
                != null;
    }

    private static void record(MongoCollection<Document> layouts, String group, boolean rebuildPending) {
        layouts.replaceOne(
                Filters.eq("_id", group),
                new Document("_id", group)
                        .append("layout", TIMELINE_LAYOUT)
                        .append("rebuildPending", rebuildPending)
                        .append("since", Date.from(Instant.now())),
                new ReplaceOptions().upsert(true));
    }
}
