package com.customertimeline.projections.web;

import com.customertimeline.projections.portfolio.RepPortfolioProjection;
import com.customertimeline.projections.summary.CustomerSummaryProjection;
import com.customertimeline.projections.timeline.TimelineProjection;

/**
 * The read models a caller can wait for, each with the collection that holds the last applied sequence
 * number per customer ({@code _id = customerId}, field {@code lastSequence}).
 */
public enum ReadModel {
    TIMELINE(TimelineProjection.CUSTOMERS),
    SUMMARY(CustomerSummaryProjection.COLLECTION),
    PORTFOLIO(RepPortfolioProjection.CUSTOMERS);

    private final String progressCollection;

    ReadModel(String progressCollection) {
        this.progressCollection = progressCollection;
    }

    public String progressCollection() {
        return progressCollection;
    }
}
