package com.customertimeline.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

class ReplayProgressTest {

    @Test
    void percentIsTheShareOfTheWayToTheTargetRoundedDownSoItReachesOneHundredOnlyThere() {
        assertThat(ReplayProgress.percent(null, 1000L)).isZero();
        assertThat(ReplayProgress.percent(0L, 1000L)).isZero();
        assertThat(ReplayProgress.percent(333L, 1000L)).isEqualTo(33.3);
        assertThat(ReplayProgress.percent(999L, 1000L)).isEqualTo(99.9);
        assertThat(ReplayProgress.percent(9_999_999L, 10_000_000L)).isEqualTo(99.9);
        assertThat(ReplayProgress.percent(1000L, 1000L)).isEqualTo(100.0);
    }

    @Test
    void anEmptyStreamOrAPositionPastTheTargetCountsAsDone() {
        assertThat(ReplayProgress.percent(null, null)).isEqualTo(100.0);
        assertThat(ReplayProgress.percent(null, 0L)).isEqualTo(100.0);
        assertThat(ReplayProgress.percent(1200L, 1000L)).isEqualTo(100.0);
    }

    @Test
    void theRateIsTheDistanceCoveredOverTheTimeBetweenTheFirstAndLastSample() {
        Instant start = Instant.parse("2026-12-05T10:00:00Z");
        assertThat(ReplayProgress.rate(samples(start, 0, 0L)))
                .as("one sample has no rate")
                .isNull();
        assertThat(ReplayProgress.rate(samples(start, 200, 0L, 500L)))
                .as("samples too close together")
                .isNull();
        assertThat(ReplayProgress.rate(samples(start, 1000, 0L, 2000L, 5000L))).isEqualTo(2500.0);
        assertThat(ReplayProgress.rate(samples(start, 1000, 5000L, 5000L))).isZero();
    }

    private static Deque<ReplayProgress.Sample> samples(Instant start, long everyMillis, long... positions) {
        Deque<ReplayProgress.Sample> samples = new ArrayDeque<>();
        for (int i = 0; i < positions.length; i++) {
            samples.addLast(new ReplayProgress.Sample(start.plusMillis(i * everyMillis), positions[i]));
        }
        return samples;
    }
}
