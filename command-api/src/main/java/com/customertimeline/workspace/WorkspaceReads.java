package com.customertimeline.workspace;

import com.customertimeline.domain.query.FindCustomerSummary;
import com.customertimeline.domain.query.FindCustomerTimeline;
import com.customertimeline.domain.query.FindHandoverBrief;
import com.customertimeline.domain.query.FindPendingHandovers;
import com.customertimeline.domain.query.FindRepPortfolio;
import com.customertimeline.domain.query.PortfolioSort;
import com.customertimeline.domain.query.ReconstructCustomerSummary;
import com.customertimeline.domain.query.ReconstructTimeline;
import com.customertimeline.domain.query.SearchCustomers;
import com.customertimeline.projections.portfolio.RepPortfolioView;
import com.customertimeline.projections.summary.CustomerSearchPage;
import com.customertimeline.projections.summary.CustomerSummaryView;
import com.customertimeline.projections.summary.HandoverBriefView;
import com.customertimeline.projections.summary.PendingHandoversView;
import com.customertimeline.projections.timeline.TimelinePage;
import com.customertimeline.projections.web.QueryCalls;
import com.customertimeline.projections.web.ReadAccessRecorder;
import com.customertimeline.projections.web.ReadConsistency;
import com.customertimeline.projections.web.ReadModel;
import com.customertimeline.projections.web.ReadNotFoundException;
import com.customertimeline.projections.web.ReadScope;
import java.time.Instant;
import java.util.Optional;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * The workspace's way to the read side: the same queries, scope and read-access log as the read API,
 * in process. Every view of a customer a page shows is logged under the same names as the API's.
 */
@Component
public class WorkspaceReads {

    private final QueryGateway queries;
    private final ReadConsistency consistency;
    private final ReadScope scope;
    private final ReadAccessRecorder log;

    WorkspaceReads(QueryGateway queries, ReadConsistency consistency, ReadScope scope, ReadAccessRecorder log) {
        this.queries = queries;
        this.consistency = consistency;
        this.scope = scope;
        this.log = log;
    }

    /** Waits until the read models include the customer's version (the page after the person's own write). */
    public void awaitVersion(String customerId, Long version) {
        if (version != null && version >= 0) {
            consistency.await(ReadModel.TIMELINE, customerId, version);
            consistency.await(ReadModel.SUMMARY, customerId, version);
            consistency.await(ReadModel.PORTFOLIO, customerId, version);
        }
    }

    public CustomerSummaryView summary(String customerId, Instant asOf) {
        CustomerSummaryView summary = asOf == null
                ? QueryCalls.join(queries.query(
                                new FindCustomerSummary(customerId),
                                ResponseTypes.optionalInstanceOf(CustomerSummaryView.class)))
                        .orElseThrow(() -> unknown(customerId))
                : QueryCalls.join(queries.query(
                                new ReconstructCustomerSummary(customerId, asOf),
                                ResponseTypes.optionalInstanceOf(CustomerSummaryView.class)))
                        .orElseThrow(() -> unknown(customerId));
        log.customerRead(customerId, asOf == null ? ReadAccessRecorder.SUMMARY : ReadAccessRecorder.SUMMARY_AS_OF);
        return summary;
    }

    public TimelinePage timeline(FindCustomerTimeline query, Instant asOf) {
        Optional<TimelinePage> page = asOf == null
                ? QueryCalls.join(queries.query(query, ResponseTypes.optionalInstanceOf(TimelinePage.class)))
                : QueryCalls.join(queries.query(
                        new ReconstructTimeline(query, asOf), ResponseTypes.optionalInstanceOf(TimelinePage.class)));
        TimelinePage found = page.orElseThrow(() -> unknown(query.customerId()));
        log.customerRead(
                query.customerId(), asOf == null ? ReadAccessRecorder.TIMELINE : ReadAccessRecorder.TIMELINE_AS_OF);
        return found;
    }

    public HandoverBriefView brief(String customerId) {
        HandoverBriefView brief = QueryCalls.join(queries.query(
                        new FindHandoverBrief(customerId), ResponseTypes.optionalInstanceOf(HandoverBriefView.class)))
                .orElseThrow(() -> unknown(customerId));
        log.customerRead(customerId, ReadAccessRecorder.HANDOVER_BRIEF);
        return brief;
    }

    public RepPortfolioView portfolio(String repId, PortfolioSort sort, boolean descending) {
        RepPortfolioView portfolio = QueryCalls.join(queries.query(
                        new FindRepPortfolio(repId, sort, descending),
                        ResponseTypes.optionalInstanceOf(RepPortfolioView.class)))
                .orElseThrow(() -> new ReadNotFoundException("repId", "no rep " + repId));
        portfolio
                .customers()
                .forEach(entry -> log.customerRead(entry.customerId(), ReadAccessRecorder.PORTFOLIO_ENTRY));
        return portfolio;
    }

    /** The portfolio's counts only (the team page), which shows no customer and so logs none. */
    public Optional<RepPortfolioView> portfolioCounts(String repId) {
        return QueryCalls.join(queries.query(
                new FindRepPortfolio(repId, PortfolioSort.NAME, false),
                ResponseTypes.optionalInstanceOf(RepPortfolioView.class)));
    }

    public PendingHandoversView pendingHandovers(String repId) {
        PendingHandoversView pending = QueryCalls.join(
                queries.query(new FindPendingHandovers(repId), ResponseTypes.instanceOf(PendingHandoversView.class)));
        pending.customers().forEach(entry -> log.customerRead(entry.customerId(), ReadAccessRecorder.PENDING_HANDOVER));
        return pending;
    }

    /** How many handovers a rep has not yet read (the team page), without listing or logging the customers. */
    public int pendingHandoverCount(String repId) {
        return QueryCalls.join(queries.query(
                        new FindPendingHandovers(repId), ResponseTypes.instanceOf(PendingHandoversView.class)))
                .customers()
                .size();
    }

    /** Search within the caller's scope: a rep never finds another rep's customers. */
    public CustomerSearchPage search(String text, int page, int size) {
        CustomerSearchPage found = QueryCalls.join(queries.query(
                new SearchCustomers(text, null, scope.visibleOwners().orElse(null), null, page, size),
                ResponseTypes.instanceOf(CustomerSearchPage.class)));
        found.items().forEach(hit -> log.customerRead(hit.customerId(), ReadAccessRecorder.SEARCH_HIT));
        return found;
    }

    private static ReadNotFoundException unknown(String customerId) {
        return new ReadNotFoundException("customerId", "no customer " + customerId);
    }
}
