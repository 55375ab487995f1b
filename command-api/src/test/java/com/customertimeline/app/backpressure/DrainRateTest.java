package com.customertimeline.app.backpressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.customertimeline.app.TimelineProperties;
import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class DrainRateTest {

    private static final long MS = 1_000_000L;

    /** A 3 s window that needs 1 s of busy time, sampled every 100 ms, as the service uses it. */
    private final DrainRate rate = new DrainRate(3_000 * MS, 1_000 * MS);

    @Test
    void isUnknownUntilTheProjectionsHaveBeenBusyLongEnough() {
        long head = 1_000;
        long tail = 500;
        for (int i = 0; i <= 9; i++) {
            rate.record(i * 100 * MS, head, head - tail);
            tail += 50;
        }
        assertThat(rate.eventsPerSecond()).isEmpty();

        rate.record(1_000 * MS, head, head - tail);

        assertThat(rate.eventsPerSecond()).hasValueCloseTo(500.0, within(0.001));
    }

    @Test
    void measuresHowFastTheSlowestProjectionAdvancesWhileItIsBehind() {
        long head = 10_000;
        long tail = 0;
        for (int i = 0; i <= 20; i++) {
            rate.record(i * 100 * MS, head, head - tail);
            head += 120; // commands keep arriving
            tail += 80; // the projection takes 800 events/s
        }
        assertThat(rate.eventsPerSecond()).hasValueCloseTo(800.0, within(0.001));
    }

    @Test
    void idleTimeDoesNotCountAsSlowness() {
        long tail = 0;
        for (int i = 0; i <= 10; i++) {
            rate.record(i * 100 * MS, tail + 100, 100);
            tail += 100;
        }
        // caught up and nothing arrives for a while: nothing is processed because nothing is there
        for (int i = 11; i <= 25; i++) {
            rate.record(i * 100 * MS, tail, 0);
        }
        assertThat(rate.eventsPerSecond()).hasValueCloseTo(1_000.0, within(0.001));
    }

    @Test
    void followsAProjectionThatSlowsDownOnceOldSamplesLeaveTheWindow() {
        long tail = 0;
        long nanos = 0;
        for (int i = 0; i <= 30; i++, nanos += 100 * MS) {
            rate.record(nanos, tail + 500, 500);
            tail += 100;
        }
        assertThat(rate.eventsPerSecond()).hasValueCloseTo(1_000.0, within(0.001));
        for (int i = 0; i <= 40; i++, nanos += 100 * MS) {
            rate.record(nanos, tail + 500, 500);
            tail += 8;
        }
        assertThat(rate.eventsPerSecond()).hasValueCloseTo(80.0, within(0.001));
    }

    @Test
    void aStalledProjectionHasARateOfZero() {
        for (int i = 0; i <= 15; i++) {
            rate.record(i * 100 * MS, 1_000 + i, 600 + i);
        }
        assertThat(rate.eventsPerSecond()).hasValue(0.0);
    }

    @Test
    void anotherProjectionBecomingTheSlowestDoesNotCountAsNegativeProgress() {
        rate.record(0, 1_000, 100); // tail 900
        rate.record(500 * MS, 1_000, 400); // a slower projection joined: tail 600
        rate.record(1_000 * MS, 1_000, 300); // tail 700: 100 events in 0.5 s

        assertThat(rate.eventsPerSecond()).hasValueCloseTo(100.0, within(0.001));
    }

    @Test
    void theLimitIsWhatTheMeasuredRateClearsInMaxLagCappedAtMaxBacklog() {
        TimelineProperties.BackPressure settings = new TimelineProperties.BackPressure(
                true,
                Duration.ofMillis(500),
                5_000,
                Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                Duration.ofMillis(100));

        assertThat(ProjectionBackPressure.limitFor(OptionalDouble.empty(), settings))
                .as("no rate measured yet")
                .isEqualTo(5_000);
        assertThat(ProjectionBackPressure.limitFor(OptionalDouble.of(800), settings))
                .isEqualTo(400);
        assertThat(ProjectionBackPressure.limitFor(OptionalDouble.of(76), settings))
                .isEqualTo(38);
        assertThat(ProjectionBackPressure.limitFor(OptionalDouble.of(50_000), settings))
                .isEqualTo(5_000);
        assertThat(ProjectionBackPressure.limitFor(OptionalDouble.of(0), settings))
                .isZero();
    }

    @Test
    void refusesAWindowShorterThanTheBusyTimeItNeeds() {
        assertThatThrownBy(() -> new DrainRate(MS, 2 * MS)).isInstanceOf(IllegalArgumentException.class);
    }
}
