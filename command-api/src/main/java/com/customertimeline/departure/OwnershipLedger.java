package com.customertimeline.departure;

import com.customertimeline.domain.customer.CustomerReassigned;
import com.customertimeline.domain.customer.CustomerRegistered;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who owns which customer, kept in the relational store by the {@value #GROUP} processor. The
 * departure planner reads it in the same processor, so when a departure is planned the ledger holds
 * exactly the events before it in the stream: the plan is the same however often it is recomputed.
 * Replayable: updates are keyed by the customer's sequence number and skip what is not newer.
 */
@Component
@ProcessingGroup(OwnershipLedger.GROUP)
public class OwnershipLedger {

    public static final String GROUP = "rep-departures";

    private final JdbcTemplate jdbc;

    OwnershipLedger(JdbcTemplate jdbc, DepartureSchema schema) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CustomerRegistered event, @SequenceNumber long sequence) {
        own(event.customerId(), event.ownerRepId(), sequence);
    }

    @EventHandler
    void on(CustomerReassigned event, @SequenceNumber long sequence) {
        own(event.customerId(), event.toRepId(), sequence);
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM ownership_ledger");
    }

    private void own(String customerId, String repId, long sequence) {
        int updated = jdbc.update(
                "UPDATE ownership_ledger SET owner_rep_id = ?, last_sequence = ?"
                        + " WHERE customer_id = ? AND last_sequence < ?",
                repId,
                sequence,
                customerId,
                sequence);
        if (updated == 0) {
            Integer known = jdbc.queryForObject(
                    "SELECT count(*) FROM ownership_ledger WHERE customer_id = ?", Integer.class, customerId);
            if (known == null || known == 0) {
                jdbc.update(
                        "INSERT INTO ownership_ledger (customer_id, owner_rep_id, last_sequence) VALUES (?, ?, ?)",
                        customerId,
                        repId,
                        sequence);
            }
        }
    }
}
