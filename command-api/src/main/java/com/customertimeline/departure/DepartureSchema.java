package com.customertimeline.departure;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Tables of the departure process, in the relational store next to the tracking tokens so that the
 * ledger, the plan and the processor's position always commit together.
 */
@Component
public class DepartureSchema {

    DepartureSchema(JdbcTemplate jdbc) {
        jdbc.execute("CREATE TABLE IF NOT EXISTS ownership_ledger ("
                + " customer_id VARCHAR(64) NOT NULL PRIMARY KEY,"
                + " owner_rep_id VARCHAR(64) NOT NULL,"
                + " last_sequence BIGINT NOT NULL)");
        jdbc.execute("CREATE INDEX IF NOT EXISTS ownership_ledger_owner ON ownership_ledger (owner_rep_id)");
        jdbc.execute("CREATE TABLE IF NOT EXISTS departure ("
                + " rep_id VARCHAR(64) NOT NULL PRIMARY KEY,"
                + " reason VARCHAR(1000),"
                + " effective_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                + " planned INT NOT NULL)");
        jdbc.execute("CREATE TABLE IF NOT EXISTS departure_task ("
                + " departed_rep_id VARCHAR(64) NOT NULL,"
                + " customer_id VARCHAR(64) NOT NULL,"
                + " successor_rep_id VARCHAR(64) NOT NULL,"
                + " status VARCHAR(16) NOT NULL,"
                + " detail VARCHAR(1000),"
                + " PRIMARY KEY (departed_rep_id, customer_id))");
        jdbc.execute("CREATE INDEX IF NOT EXISTS departure_task_status ON departure_task (status)");
    }
}
