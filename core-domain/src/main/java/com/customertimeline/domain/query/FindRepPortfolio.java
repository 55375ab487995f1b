package com.customertimeline.domain.query;

/** Asks for the customers a rep owns now, in the given order. */
public record FindRepPortfolio(String repId, PortfolioSort sort, boolean descending) {
    public FindRepPortfolio {
        sort = sort == null ? PortfolioSort.NAME : sort;
    }
}
