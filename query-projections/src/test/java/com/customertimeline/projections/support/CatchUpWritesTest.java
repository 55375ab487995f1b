package com.customertimeline.projections.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.projections.testsupport.TestMongo;
import com.mongodb.client.MongoCollection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * Batches run here as the pooled processor runs them: a batching unit of work over the batch's events,
 * "store the token" registered in prepare-commit before the events are handled, the working set's flush
 * registered while handling them. The processor's batch size is 2; events "stored a minute ago" are what
 * a processor meets when it catches up.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CatchUpWritesTest {

    private static final String PROCESSOR = "summary";
    private static final CatchUpWrites.Settings HOLDING =
            new CatchUpWrites.Settings(true, Duration.ofSeconds(5), 100, 1_000, Duration.ofHours(1));

    /** The position of the newest event in the stream: far ahead of the batches below unless a test moves it. */
    private long head = 10_000;

    private TestMongo mongo;
    private MongoCollection<Document> documents;
    private final InMemoryTokenStore tokens = new InMemoryTokenStore();

    @BeforeEach
    void start() {
        mongo = new TestMongo();
        documents = mongo.database().getCollection("summaries");
        tokens.initializeTokenSegments(PROCESSOR, 1, new GlobalSequenceTrackingToken(0));
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    /** The holds' clock: a minute after the events below were stored (catch-up) until a test moves it. */
    private Instant now = Instant.now().plus(Duration.ofMinutes(1));

    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private CatchUpWrites catchingUp() {
        return catchingUp(HOLDING, clock);
    }

    private CatchUpWrites catchingUp(CatchUpWrites.Settings settings, Clock clock) {
        return new CatchUpWrites(settings, Map.of(PROCESSOR, 2), () -> OptionalLong.of(head), clock);
    }

    @Test
    void full_batches_of_old_events_hold_their_documents_and_the_token_waits_until_a_partial_batch_writes_them() {
        CatchUpWrites catchUp = catchingUp();
        TokenAfterProjectionWrites store = new TokenAfterProjectionWrites(tokens, catchUp);

        batch(
                store,
                catchUp,
                2,
                41,
                set -> set.put(
                        new Document("_id", "c1").append("lastSequence", 0L).append("n", 1)));
        assertThat(documents.countDocuments()).as("held, not written").isZero();
        assertThat(tokens.fetchToken(PROCESSOR, 0)).as("the token waits").isEqualTo(new GlobalSequenceTrackingToken(0));
        assertThat(catchUp.heldDocuments(PROCESSOR)).isEqualTo(1);

        List<Integer> seen = new ArrayList<>();
        batch(store, catchUp, 2, 42, set -> {
            Document held = set.get("c1").orElseThrow();
            seen.add(held.getInteger("n"));
            set.put(new Document(held).append("lastSequence", 1L).append("n", 2));
        });
        assertThat(seen).as("the next batch reads the held version").containsExactly(1);
        assertThat(documents.countDocuments()).isZero();
        assertThat(tokens.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(0));

        batch(store, catchUp, 1, 43, set -> set.put(new Document("_id", "c2").append("lastSequence", 0L)));
        assertThat(documents.find(new Document("_id", "c1")).first())
                .as("a partial batch (the head of the stream) writes what was held")
                .containsEntry("n", 2)
                .containsEntry("lastSequence", 1L);
        assertThat(documents.countDocuments()).isEqualTo(2);
        assertThat(tokens.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(43));
        assertThat(catchUp.heldDocuments(PROCESSOR)).isZero();
    }

    @Test
    void an_idle_segment_writes_what_it_holds_and_then_stores_the_token_that_waited() {
        CatchUpWrites catchUp = catchingUp();
        TokenAfterProjectionWrites store = holdingC1(catchUp);
        assertThat(documents.countDocuments()).isZero();

        store.extendClaim(PROCESSOR, 0); // what the processor calls while it has no events

        assertThat(documents.find(new Document("_id", "c1")).first()).containsEntry("lastSequence", 3L);
        assertThat(tokens.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(41));
    }

    @Test
    void a_released_segment_drops_what_it_held_and_its_token_stays_before_those_events() {
        CatchUpWrites catchUp = catchingUp();
        TokenAfterProjectionWrites store = holdingC1(catchUp);

        store.releaseClaim(PROCESSOR, 0); // a stop, a failed batch, a split

        assertThat(catchUp.heldDocuments(PROCESSOR)).isZero();
        assertThat(documents.countDocuments()).isZero();
        List<Boolean> found = new ArrayList<>();
        batch(store, catchUp, 1, 41, set -> found.add(set.get("c1").isPresent()));
        assertThat(found)
                .as("the next owner reads the store, not the dropped version")
                .containsExactly(false);
    }

    @Test
    void a_merge_that_stores_a_token_before_the_held_events_drops_them_instead_of_writing_them() {
        CatchUpWrites catchUp = catchingUp();
        TokenAfterProjectionWrites store = holdingC1(catchUp);

        store.storeToken(new GlobalSequenceTrackingToken(30), PROCESSOR, 0); // outside a batch, below 41

        assertThat(catchUp.heldDocuments(PROCESSOR)).isZero();
        assertThat(documents.countDocuments()).isZero();
        assertThat(tokens.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(30));
    }

    @Test
    void a_segment_that_passed_only_other_segments_events_writes_its_hold_before_its_newer_token() {
        CatchUpWrites catchUp = catchingUp();
        TokenAfterProjectionWrites store = holdingC1(catchUp);

        store.storeToken(new GlobalSequenceTrackingToken(57), PROCESSOR, 0);

        assertThat(documents.find(new Document("_id", "c1")).first()).containsEntry("lastSequence", 3L);
        assertThat(tokens.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(57));
    }

    @Test
    void a_batch_near_the_head_of_the_stream_writes_what_was_held() {
        CatchUpWrites catchUp = catchingUp();
        TokenAfterProjectionWrites store = holdingC1(catchUp);
        assertThat(documents.countDocuments()).isZero();

        head = 120; // the next full batch ends within 100 events of the head
        now = now.plusSeconds(2); // the head is asked again at most once a second
        batch(store, catchUp, 2, 42, set -> set.put(new Document("_id", "c2").append("lastSequence", 0L)));

        assertThat(documents.countDocuments()).isEqualTo(2);
        assertThat(tokens.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(42));
    }

    @Test
    void a_hold_emptied_by_a_writing_batch_starts_its_age_afresh_when_the_segment_holds_again() {
        CatchUpWrites catchUp = catchingUp(
                new CatchUpWrites.Settings(true, Duration.ofSeconds(5), 100, 1_000, Duration.ofSeconds(10)), clock);
        TokenAfterProjectionWrites store = new TokenAfterProjectionWrites(tokens, catchUp);
        batch(store, catchUp, 2, 41, set -> set.put(new Document("_id", "c1").append("lastSequence", 0L)));
        batch(
                store,
                catchUp,
                1,
                42,
                set -> set.put(new Document(set.get("c1").orElseThrow()).append("lastSequence", 1L)));
        assertThat(catchUp.heldDocuments(PROCESSOR)).isZero();

        now = now.plus(Duration.ofMinutes(5)); // much longer than max-age after the first hold began
        batch(store, catchUp, 2, 43, set -> set.put(new Document("_id", "c2").append("lastSequence", 0L)));

        assertThat(catchUp.heldDocuments(PROCESSOR)).as("held again").isEqualTo(1);
    }

    @Test
    void a_processor_that_follows_live_traffic_writes_every_batch() {
        CatchUpWrites live = catchingUp(HOLDING, Clock.systemUTC());
        TokenAfterProjectionWrites store = new TokenAfterProjectionWrites(tokens, live);

        batch(store, live, 2, 41, set -> set.put(new Document("_id", "c1").append("lastSequence", 0L)));

        assertThat(documents.countDocuments()).isEqualTo(1);
        assertThat(tokens.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(41));
    }

    @Test
    void a_segment_that_has_held_too_many_documents_writes_them_with_its_next_batch() {
        CatchUpWrites catchUp =
                catchingUp(new CatchUpWrites.Settings(true, Duration.ofSeconds(5), 100, 2, Duration.ofHours(1)), clock);
        TokenAfterProjectionWrites store = new TokenAfterProjectionWrites(tokens, catchUp);
        batch(store, catchUp, 2, 41, set -> {
            set.put(new Document("_id", "c1").append("lastSequence", 0L));
            set.put(new Document("_id", "c2").append("lastSequence", 0L));
        });
        assertThat(documents.countDocuments()).isZero();

        batch(store, catchUp, 2, 42, set -> set.put(new Document("_id", "c3").append("lastSequence", 0L)));

        assertThat(documents.countDocuments()).isEqualTo(3);
        assertThat(tokens.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(42));
    }

    /** A full batch of catch-up, its token at 41, that holds customer c1 at sequence 3. */
    private TokenAfterProjectionWrites holdingC1(CatchUpWrites catchUp) {
        TokenAfterProjectionWrites store = new TokenAfterProjectionWrites(tokens, catchUp);
        batch(store, catchUp, 2, 41, set -> set.put(new Document("_id", "c1").append("lastSequence", 3L)));
        return store;
    }

    /** One batch of {@code events} events whose last token is at {@code position}. */
    private void batch(
            TokenAfterProjectionWrites store,
            CatchUpWrites catchUp,
            int events,
            long position,
            Consumer<DocumentWorkingSet> work) {
        List<EventMessage<?>> messages = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            messages.add(GenericEventMessage.asEventMessage("event " + i));
        }
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(messages);
        unitOfWork.start();
        unitOfWork.onPrepareCommit(u -> store.storeToken(new GlobalSequenceTrackingToken(position), PROCESSOR, 0));
        DocumentWorkingSet set = new DocumentWorkingSet(documents, catchUp.scope(PROCESSOR, documents), List.of());
        work.accept(set);
        unitOfWork.onPrepareCommit(u -> set.flush());
        unitOfWork.commit();
    }
}
