package com.customertimeline.projections.support;

import java.util.List;

/**
 * A projection whose documents about a customer follow from that customer's own events alone, so one
 * customer's views can be rebuilt without a full replay: forget the customer's documents, then deliver
 * the customer's stream again. Support uses it when one customer's view is wrong and the rest are not.
 */
public interface CustomerScopedProjection {

    /** The processing group whose processor must not write the customer's documents meanwhile. */
    String processingGroup();

    /** Removes every document this projection keeps about the customer (and only that customer's). */
    void forgetCustomer(String customerId);

    /**
     * Every collection this projection writes, the as-of copies included: what a replay of the
     * projection rebuilds, and so what an operator compares with a replay to prove a view untouched.
     */
    List<String> collections();
}
