package com.customertimeline.replay;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class ReplayingAProcessorTest {

    private final EventStore eventStore = mock(EventStore.class);
    private final StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
    private final ReplayProgress progress =
            new ReplayProgress(mock(EventProcessingConfiguration.class), eventStore, new SimpleMeterRegistry());

    @Test
    void aReplayStopsResetsAndStartsTheProcessorAgain() {
        when(eventStore.createHeadToken()).thenReturn(new GlobalSequenceTrackingToken(41));

        progress.replay("timeline", processor);

        InOrder order = inOrder(processor);
        order.verify(processor).shutDown();
        order.verify(processor).resetTokens();
        order.verify(processor).start();
    }

    @Test
    void withNoEventStoredThereIsNothingToResetAndTheProcessorRunsOn() {
        when(eventStore.createHeadToken()).thenReturn(null);

        progress.replay("timeline", processor);

        verify(processor, never()).resetTokens();
        verify(processor).start();
    }

    @Test
    void aFailedResetDoesNotLeaveTheProcessorStopped() {
        when(eventStore.createHeadToken()).thenReturn(new GlobalSequenceTrackingToken(41));
        doThrow(new IllegalStateException("token store refused"))
                .when(processor)
                .resetTokens();

        assertThatThrownBy(() -> progress.replay("timeline", processor)).hasMessage("token store refused");
        verify(processor).start();
    }
}
