package com.customertimeline.app.backpressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;

class ProjectionBacklogTest {

    @Test
    void backlogIsTheHeadMinusTheSlowestSegment() {
        assertThat(ProjectionBacklog.of(List.of(at(90), at(40), at(100)), 100)).hasValue(60);
    }

    @Test
    void aSegmentAheadOfTheSampledHeadCountsAsCaughtUp() {
        assertThat(ProjectionBacklog.of(List.of(at(105)), 100)).hasValue(0);
    }

    @Test
    void aReplayingProcessorIsNotCounted() {
        EventTrackerStatus replaying = at(10);
        when(replaying.isReplaying()).thenReturn(true);

        assertThat(ProjectionBacklog.of(List.of(at(100), replaying), 100)).isEmpty();
    }

    @Test
    void aFailingProcessorIsNotCounted() {
        EventTrackerStatus failing = at(10);
        when(failing.isErrorState()).thenReturn(true);

        assertThat(ProjectionBacklog.of(List.of(failing), 100)).isEmpty();
    }

    @Test
    void aProcessorStillCatchingUpOnHistoryIsNotCounted() {
        EventTrackerStatus catchingUp = at(10);
        when(catchingUp.isCaughtUp()).thenReturn(false);

        assertThat(ProjectionBacklog.of(List.of(at(100), catchingUp), 100)).isEmpty();
    }

    @Test
    void aSegmentThatHasProcessedNothingStandsBeforeTheFirstEvent() {
        EventTrackerStatus noToken = mock(EventTrackerStatus.class);
        when(noToken.isCaughtUp()).thenReturn(true);

        assertThat(ProjectionBacklog.of(List.of(noToken, at(100)), 100)).hasValue(101);
    }

    @Test
    void aProcessorWithoutClaimedSegmentsIsNotCounted() {
        assertThat(ProjectionBacklog.of(List.of(), 100)).isEmpty();
    }

    @Test
    void theLargestBacklogAmongRunningProcessorsIsTheOneThatCounts() {
        StreamingEventProcessor timeline = running(at(70), at(95));
        StreamingEventProcessor summary = running(at(99));
        StreamingEventProcessor stopped = running(at(0));
        when(stopped.isRunning()).thenReturn(false);

        assertThat(ProjectionBacklog.largest(
                        Map.of("timeline", timeline, "customer-summary", summary, "rep-portfolio", stopped), 100))
                .isEqualTo(30);
        assertThat(ProjectionBacklog.largest(Map.of("rep-portfolio", stopped), 100))
                .isZero();
        assertThat(ProjectionBacklog.of(stopped, 100)).isEqualTo(OptionalLong.empty());
    }

    private static EventTrackerStatus at(long position) {
        EventTrackerStatus status = mock(EventTrackerStatus.class);
        when(status.getTrackingToken()).thenReturn(new GlobalSequenceTrackingToken(position));
        when(status.getSegment()).thenReturn(Segment.ROOT_SEGMENT);
        when(status.isCaughtUp()).thenReturn(true);
        return status;
    }

    private static StreamingEventProcessor running(EventTrackerStatus... segments) {
        StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
        when(processor.isRunning()).thenReturn(true);
        Map<Integer, EventTrackerStatus> status = new java.util.HashMap<>();
        for (int i = 0; i < segments.length; i++) {
            status.put(i, segments[i]);
        }
        when(processor.processingStatus()).thenReturn(status);
        return processor;
    }
}
