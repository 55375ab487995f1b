package com.customertimeline.domain.model;

import java.time.Instant;

/**
 * A promise a rep made to the customer: what will be done and by when. Open promises are what a new
 * owner must see first, overdue ones before all.
 */
public record FollowUp(Instant dueAt, String description) {}
