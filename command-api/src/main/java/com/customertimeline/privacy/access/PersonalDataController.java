package com.customertimeline.privacy.access;

import com.customertimeline.api.ApiProblems;
import com.customertimeline.domain.query.FindCustomerSummary;
import com.customertimeline.projections.summary.CustomerSummaryView;
import com.customertimeline.projections.web.QueryCalls;
import com.customertimeline.projections.web.ReadAccessRecorder;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The subject-access export (PIPL art. 45, GDPR art. 15): everything the service holds about one person,
 * decrypted, in one JSON document. The customer's events are the whole record (every view is made from
 * them); the current summary is added so the person sees what reps see. Each export is written to the
 * read-access log.
 */
@RestController
@Tag(name = "Personal data")
public class PersonalDataController {

    /**
     * What is held about a customer.
     *
     * @param summary the customer as reps see them now
     * @param events every recorded fact about the customer, oldest first, with its personal texts decrypted
     *     (or the erased placeholder)
     */
    public record PersonalDataExport(
            String customerId, Instant exportedAt, CustomerSummaryView summary, List<RecordedFact> events) {}

    /** One event of the customer's history as stored, its payload decrypted. */
    public record RecordedFact(long sequence, String type, Instant recordedAt, Object payload) {}

    private final EventStore eventStore;
    private final QueryGateway queries;
    private final ReadAccessRecorder reads;
    private final Clock clock;

    PersonalDataController(EventStore eventStore, QueryGateway queries, ReadAccessRecorder reads, Clock clock) {
        this.eventStore = eventStore;
        this.queries = queries;
        this.reads = reads;
        this.clock = clock;
    }

    @GetMapping("/api/v1/customers/{customerId}/personal-data")
    @Operation(summary = "Everything held about the customer, decrypted (subject-access export; read-logged)")
    public ResponseEntity<Object> export(@PathVariable String customerId) {
        DomainEventStream stream = eventStore.readEvents(customerId, 0);
        if (!stream.hasNext() || !"Customer".equals(stream.peek().getType())) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(ApiProblems.problem(
                            HttpStatus.NOT_FOUND, "not-found", "customerId", "no customer " + customerId));
        }
        List<RecordedFact> events = new ArrayList<>();
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            events.add(new RecordedFact(
                    event.getSequenceNumber(),
                    event.getPayloadType().getSimpleName(),
                    event.getTimestamp(),
                    event.getPayload()));
        }
        CustomerSummaryView summary = QueryCalls.join(queries.query(
                        new FindCustomerSummary(customerId),
                        ResponseTypes.optionalInstanceOf(CustomerSummaryView.class)))
                .orElse(null);
        reads.customerRead(customerId, ReadAccessRecorder.PERSONAL_DATA_EXPORT);
        return ResponseEntity.ok(new PersonalDataExport(customerId, clock.instant(), summary, events));
    }
}
