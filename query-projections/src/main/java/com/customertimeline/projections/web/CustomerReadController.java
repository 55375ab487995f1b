package com.customertimeline.projections.web;

import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.LifecycleStage;
import com.customertimeline.domain.query.FindCustomerSummary;
import com.customertimeline.domain.query.FindCustomerTimeline;
import com.customertimeline.domain.query.FindHandoverBrief;
import com.customertimeline.domain.query.ReconstructCustomerSummary;
import com.customertimeline.domain.query.ReconstructHandoverBrief;
import com.customertimeline.domain.query.ReconstructTimeline;
import com.customertimeline.domain.query.SearchCustomers;
import com.customertimeline.domain.query.TimelineKind;
import com.customertimeline.projections.summary.CustomerSearchPage;
import com.customertimeline.projections.summary.CustomerSummaryView;
import com.customertimeline.projections.summary.HandoverBriefView;
import com.customertimeline.projections.timeline.TimelineCursor;
import com.customertimeline.projections.timeline.TimelinePage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read endpoints for customers: timeline, 360 summary and search. Each answers from the read models via
 * the query gateway; {@code minVersion} first waits for the read model to include the caller's own write.
 */
@RestController
@RequestMapping(path = "/api/v1/customers", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Customer reads")
public class CustomerReadController {

    /** Longest search text accepted: longer than any name, company or contact value on a card. */
    static final int MAX_SEARCH_TEXT = 200;

    private final QueryGateway queryGateway;
    private final ReadConsistency consistency;
    private final ReadScope scope;
    private final ReadAccessRecorder reads;

    @Autowired
    public CustomerReadController(
            QueryGateway queryGateway,
            ReadConsistency consistency,
            ObjectProvider<ReadScope> scope,
            ObjectProvider<ReadAccessRecorder> reads) {
        this(queryGateway, consistency, scope.getIfAvailable(() -> Optional::empty), reads.getIfAvailable(() ->
                (customerId, view) -> {}));
    }

    /** Without a security layer: every caller sees every customer and no read is logged. */
    public CustomerReadController(QueryGateway queryGateway, ReadConsistency consistency) {
        this(queryGateway, consistency, Optional::empty, (customerId, view) -> {});
    }

    CustomerReadController(
            QueryGateway queryGateway, ReadConsistency consistency, ReadScope scope, ReadAccessRecorder reads) {
        this.queryGateway = queryGateway;
        this.consistency = consistency;
        this.scope = scope;
        this.reads = reads;
    }

    @GetMapping("/{customerId}/timeline")
    @Operation(
            summary = "A customer's complete timeline, newest first by default",
            description = "Filters: kinds, channels, repId, from (inclusive), to (exclusive) in business time. "
                    + "Page with the opaque cursor of the previous page; limit at most 200.")
    public TimelinePage timeline(
            @PathVariable String customerId,
            @RequestParam(required = false) List<String> kinds,
            @RequestParam(required = false) List<String> channels,
            @RequestParam(required = false) String repId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String order,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(required = false) Long minVersion,
            @RequestParam(required = false) String asOf) {
        ReadParameters.range("limit", limit, 1, FindCustomerTimeline.MAX_LIMIT);
        boolean newestFirst = ReadParameters.descending("order", order, true);
        Instant fromInstant = ReadParameters.instant("from", from);
        Instant toInstant = ReadParameters.instant("to", to);
        if (cursor != null && !cursor.isBlank()) {
            try {
                if (TimelineCursor.decode(cursor).newestFirst() != newestFirst) {
                    throw new BadReadParameterException("cursor", "the cursor was made for the other order");
                }
            } catch (IllegalArgumentException e) {
                throw new BadReadParameterException("cursor", "cursor is not a cursor returned by this endpoint");
            }
        }
        FindCustomerTimeline query = new FindCustomerTimeline(
                customerId,
                ReadParameters.enums("kinds", kinds, TimelineKind.class),
                ReadParameters.enums("channels", channels, Channel.class),
                repId,
                fromInstant,
                toInstant,
                newestFirst,
                cursor,
                limit);
        Instant asOfInstant = ReadParameters.instant("asOf", asOf);
        if (asOfInstant != null) {
            TimelinePage page = QueryCalls.join(queryGateway.query(
                            new ReconstructTimeline(query, asOfInstant),
                            ResponseTypes.optionalInstanceOf(TimelinePage.class)))
                    .orElseThrow(() -> unknownAt(customerId, asOfInstant));
            reads.customerRead(customerId, ReadAccessRecorder.TIMELINE_AS_OF);
            return page;
        }
        ReadParameters.requireConsistencyTarget(minVersion, customerId);
        consistency.await(ReadModel.TIMELINE, customerId, minVersion);
        TimelinePage page = QueryCalls.join(
                        queryGateway.query(query, ResponseTypes.optionalInstanceOf(TimelinePage.class)))
                .orElseThrow(() -> unknown(customerId));
        reads.customerRead(customerId, ReadAccessRecorder.TIMELINE);
        return page;
    }

    @GetMapping("/{customerId}")
    @Operation(
            summary = "The customer-360 summary",
            description = "With asOf (an ISO instant of recording time) the summary is rebuilt from the events"
                    + " recorded up to then, exactly as a reader saw it at that instant.")
    public CustomerSummaryView summary(
            @PathVariable String customerId,
            @RequestParam(required = false) Long minVersion,
            @RequestParam(required = false) String asOf) {
        Instant asOfInstant = ReadParameters.instant("asOf", asOf);
        if (asOfInstant != null) {
            CustomerSummaryView summary = QueryCalls.join(queryGateway.query(
                            new ReconstructCustomerSummary(customerId, asOfInstant),
                            ResponseTypes.optionalInstanceOf(CustomerSummaryView.class)))
                    .orElseThrow(() -> unknownAt(customerId, asOfInstant));
            reads.customerRead(customerId, ReadAccessRecorder.SUMMARY_AS_OF);
            return summary;
        }
        ReadParameters.requireConsistencyTarget(minVersion, customerId);
        consistency.await(ReadModel.SUMMARY, customerId, minVersion);
        Optional<CustomerSummaryView> summary = QueryCalls.join(queryGateway.query(
                new FindCustomerSummary(customerId), ResponseTypes.optionalInstanceOf(CustomerSummaryView.class)));
        CustomerSummaryView found = summary.orElseThrow(() -> unknown(customerId));
        reads.customerRead(customerId, ReadAccessRecorder.SUMMARY);
        return found;
    }

    @GetMapping
    @Operation(
            summary = "Search customers by name, company or contact value",
            description = "q matches case-insensitively anywhere in name, company or a contact value; ownerRepId "
                    + "and stage (as of now) narrow the result. Paged by page (0-based) and size (at most 200). "
                    + "minVersion needs customerId (the customer whose write the caller wants to see).")
    public CustomerSearchPage search(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String ownerRepId,
            @RequestParam(required = false) String stage,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size,
            @RequestParam(required = false) Long minVersion,
            @RequestParam(required = false) String customerId) {
        ReadParameters.text("q", q, MAX_SEARCH_TEXT);
        ReadParameters.text("ownerRepId", ownerRepId, MAX_SEARCH_TEXT);
        ReadParameters.range("page", page, 0, Integer.MAX_VALUE / SearchCustomers.MAX_SIZE);
        ReadParameters.range("size", size, 1, SearchCustomers.MAX_SIZE);
        LifecycleStage lifecycleStage =
                stage == null || stage.isBlank() ? null : ReadParameters.oneOf("stage", stage, LifecycleStage.class);
        ReadParameters.requireConsistencyTarget(minVersion, customerId);
        consistency.await(ReadModel.SUMMARY, customerId, minVersion);
        CustomerSearchPage found = QueryCalls.join(queryGateway.query(
                new SearchCustomers(q, ownerRepId, scope.visibleOwners().orElse(null), lifecycleStage, page, size),
                ResponseTypes.instanceOf(CustomerSearchPage.class)));
        found.items().forEach(hit -> reads.customerRead(hit.customerId(), ReadAccessRecorder.SEARCH_HIT));
        return found;
    }

    @GetMapping("/{customerId}/handover")
    @Operation(
            summary = "The handover brief: what an incoming owner needs on day one",
            description = "Card, stage and value; open complaints with their history and the 24-hour promise;"
                    + " open promises, overdue first; recent interactions and the satisfaction trend; the"
                    + " ownership chain with handover notes; whether the current owner acknowledged it. With"
                    + " asOf (an ISO instant of recording time) the brief as it stood then.")
    public HandoverBriefView handover(
            @PathVariable String customerId,
            @RequestParam(required = false) Long minVersion,
            @RequestParam(required = false) String asOf) {
        Instant asOfInstant = ReadParameters.instant("asOf", asOf);
        if (asOfInstant != null) {
            HandoverBriefView brief = QueryCalls.join(queryGateway.query(
                            new ReconstructHandoverBrief(customerId, asOfInstant),
                            ResponseTypes.optionalInstanceOf(HandoverBriefView.class)))
                    .orElseThrow(() -> unknownAt(customerId, asOfInstant));
            reads.customerRead(customerId, ReadAccessRecorder.HANDOVER_BRIEF_AS_OF);
            return brief;
        }
        ReadParameters.requireConsistencyTarget(minVersion, customerId);
        consistency.await(ReadModel.SUMMARY, customerId, minVersion);
        HandoverBriefView brief = QueryCalls.join(queryGateway.query(
                        new FindHandoverBrief(customerId), ResponseTypes.optionalInstanceOf(HandoverBriefView.class)))
                .orElseThrow(() -> unknown(customerId));
        reads.customerRead(customerId, ReadAccessRecorder.HANDOVER_BRIEF);
        return brief;
    }

    private static ReadNotFoundException unknownAt(String customerId, Instant asOf) {
        return new ReadNotFoundException("customerId", "no customer " + customerId + " had been recorded by " + asOf);
    }

    private static ReadNotFoundException unknown(String customerId) {
        return new ReadNotFoundException("customerId", "no customer " + customerId);
    }
}
