package com.customertimeline.projections.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The pooled processor registers "store the token" in prepare-commit before the batch is handled, and
 * the projection registers its flush in prepare-commit while handling it; these tests register them in
 * that order, as the processor does.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TokenAfterProjectionWritesTest {

    private final List<String> happened = new ArrayList<>();
    private final InMemoryTokenStore tokens = new InMemoryTokenStore();
    private final TokenAfterProjectionWrites store = new TokenAfterProjectionWrites(new InMemoryTokenStore() {
        @Override
        public void storeToken(TrackingToken token, String processorName, int segment) {
            happened.add("token " + token.position().orElse(-1));
            tokens.storeToken(token, processorName, segment);
        }
    });

    @Test
    void the_token_is_written_after_the_projection_has_flushed_its_batch() {
        tokens.initializeTokenSegments("timeline", 1);
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        batch.onPrepareCommit(u -> store.storeToken(new GlobalSequenceTrackingToken(41), "timeline", 0));
        batch.onPrepareCommit(u -> happened.add("flush"));

        batch.commit();

        assertThat(happened).containsExactly("flush", "token 41");
        assertThat(tokens.fetchToken("timeline", 0)).isEqualTo(new GlobalSequenceTrackingToken(41));
    }

    @Test
    void a_batch_whose_flush_fails_leaves_the_token_where_it_was() {
        tokens.initializeTokenSegments("timeline", 1, new GlobalSequenceTrackingToken(7));
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        batch.onPrepareCommit(u -> store.storeToken(new GlobalSequenceTrackingToken(41), "timeline", 0));
        batch.onPrepareCommit(u -> {
            throw new IllegalStateException("bulkWrite failed");
        });

        assertThatThrownBy(batch::commit).hasMessage("bulkWrite failed");

        assertThat(happened).isEmpty();
        assertThat(tokens.fetchToken("timeline", 0)).isEqualTo(new GlobalSequenceTrackingToken(7));
    }

    @Test
    void outside_a_unit_of_work_the_token_is_written_at_once() {
        tokens.initializeTokenSegments("timeline", 1);

        store.storeToken(new GlobalSequenceTrackingToken(3), "timeline", 0);

        assertThat(happened).containsExactly("token 3");
    }
}
