package com.customertimeline.projections.web;

import com.customertimeline.domain.query.FindPendingHandovers;
import com.customertimeline.domain.query.FindRepPortfolio;
import com.customertimeline.domain.query.PortfolioSort;
import com.customertimeline.projections.portfolio.RepPortfolioView;
import com.customertimeline.projections.summary.PendingHandoversView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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

/** Read endpoint for a rep's portfolio: the customers they own now and what needs attention. */
@RestController
@RequestMapping(path = "/api/v1/reps", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Rep reads")
public class RepReadController {

    private final QueryGateway queryGateway;
    private final ReadAccessRecorder reads;
    private final ReadConsistency consistency;

    @Autowired
    public RepReadController(
            QueryGateway queryGateway, ReadConsistency consistency, ObjectProvider<ReadAccessRecorder> reads) {
        this(queryGateway, consistency, reads.getIfAvailable(() -> (customerId, view) -> {}));
    }

    /** Without a security layer: no read is logged. */
    public RepReadController(QueryGateway queryGateway, ReadConsistency consistency) {
        this(queryGateway, consistency, (customerId, view) -> {});
    }

    RepReadController(QueryGateway queryGateway, ReadConsistency consistency, ReadAccessRecorder reads) {
        this.queryGateway = queryGateway;
        this.consistency = consistency;
        this.reads = reads;
    }

    @GetMapping("/{repId}/customers")
    @Operation(
            summary = "The customers a rep owns now",
            description = "sort: name (default), lastContact, openComplaints, overdueFollowUps; direction: asc "
                    + "(default) or desc. minVersion needs customerId (the customer whose write the caller wants "
                    + "to see).")
    public RepPortfolioView portfolio(
            @PathVariable String repId,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) String direction,
            @RequestParam(required = false) Long minVersion,
            @RequestParam(required = false) String customerId) {
        PortfolioSort order = sort == null || sort.isBlank()
                ? PortfolioSort.NAME
                : ReadParameters.oneOf("sort", sort, PortfolioSort.class);
        boolean descending = ReadParameters.descending("direction", direction, false);
        ReadParameters.requireConsistencyTarget(minVersion, customerId);
        consistency.await(ReadModel.PORTFOLIO, customerId, minVersion);
        RepPortfolioView portfolio = QueryCalls.join(queryGateway.query(
                        new FindRepPortfolio(repId, order, descending),
                        ResponseTypes.optionalInstanceOf(RepPortfolioView.class)))
                .orElseThrow(() -> new ReadNotFoundException("repId", "no rep " + repId));
        portfolio
                .customers()
                .forEach(entry -> reads.customerRead(entry.customerId(), ReadAccessRecorder.PORTFOLIO_ENTRY));
        return portfolio;
    }

    @GetMapping("/{repId}/handovers")
    @Operation(
            summary = "Customers a rep received and has not yet acknowledged",
            description = "status=pending (the only status for now). minVersion needs customerId.")
    public PendingHandoversView handovers(
            @PathVariable String repId,
            @RequestParam(defaultValue = "pending") String status,
            @RequestParam(required = false) Long minVersion,
            @RequestParam(required = false) String customerId) {
        if (!"pending".equalsIgnoreCase(status)) {
            throw new BadReadParameterException("status", "only status=pending is supported");
        }
        ReadParameters.requireConsistencyTarget(minVersion, customerId);
        consistency.await(ReadModel.SUMMARY, customerId, minVersion);
        PendingHandoversView pending = QueryCalls.join(queryGateway.query(
                new FindPendingHandovers(repId), ResponseTypes.instanceOf(PendingHandoversView.class)));
        pending.customers()
                .forEach(entry -> reads.customerRead(entry.customerId(), ReadAccessRecorder.PENDING_HANDOVER));
        return pending;
    }
}
