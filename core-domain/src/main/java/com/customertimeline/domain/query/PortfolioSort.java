package com.customertimeline.domain.query;

/** How a rep's portfolio is ordered; the counts are those at read time (overdue depends on "now"). */
public enum PortfolioSort {
    NAME,
    LAST_CONTACT,
    OPEN_COMPLAINTS,
    OVERDUE_FOLLOW_UPS
}
