package com.customertimeline.projections.web;

/**
 * Told of every read that showed a customer's data to a caller (a summary, a timeline page, a brief, a
 * reconstruction at {@code asOf}, a search hit, a portfolio entry), after the read succeeded. The
 * service that mounts the read side keeps these in its read-access log; reads that were refused or
 * found nothing are never reported.
 */
public interface ReadAccessRecorder {

    /** The view names used in the log. */
    String SUMMARY = "summary";

    String SUMMARY_AS_OF = "summary-as-of";
    String TIMELINE = "timeline";
    String TIMELINE_AS_OF = "timeline-as-of";
    String HANDOVER_BRIEF = "handover-brief";
    String HANDOVER_BRIEF_AS_OF = "handover-brief-as-of";
    String SEARCH_HIT = "search-hit";
    String PORTFOLIO_ENTRY = "portfolio-entry";
    String PENDING_HANDOVER = "pending-handover";
    /** Everything held about the person, decrypted: the subject-access export (PIPL art. 45, GDPR art. 15). */
    String PERSONAL_DATA_EXPORT = "personal-data-export";

    void customerRead(String customerId, String view);
}
