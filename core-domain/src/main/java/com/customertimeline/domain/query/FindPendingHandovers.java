package com.customertimeline.domain.query;

/** The customers a rep received and has not yet acknowledged taking over. */
public record FindPendingHandovers(String repId) {}
