package com.customertimeline.projections.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReadConsistencyTest {

    /** The pauses between polls over a wait of {@code millis}. */
    private static List<Long> pausesOver(long millis) {
        List<Long> pauses = new ArrayList<>();
        long waited = 0;
        for (long pause = ReadConsistency.FIRST_PAUSE_MILLIS;
                waited < millis;
                pause = ReadConsistency.nextPause(pause)) {
            pauses.add(pause);
            waited += pause;
        }
        return pauses;
    }

    @Test
    void a_reader_learns_that_its_write_is_visible_at_most_50_ms_after_it_became_so() {
        assertThat(pausesOver(5_000)).allSatisfy(pause -> assertThat(pause).isLessThanOrEqualTo(50));
    }

    @Test
    void polls_back_off_from_5_ms_so_a_quick_projection_is_seen_quickly_and_a_slow_one_is_not_hammered() {
        assertThat(pausesOver(5_000)).startsWith(5L, 10L, 20L, 40L, 50L, 50L).hasSizeLessThan(110);
    }
}
