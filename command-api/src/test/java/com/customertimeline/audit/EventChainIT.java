package com.customertimeline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.audit.verifier.ChainChecker;
import com.customertimeline.audit.verifier.ChainLink;
import com.customertimeline.audit.verifier.ChainRecord;
import com.customertimeline.audit.verifier.Defect;
import com.customertimeline.audit.verifier.StoredEvent;
import com.customertimeline.support.OwnStoreServiceIT;
import com.customertimeline.support.Reps;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Events appended through the service carry chain rows that the shared checker accepts, and a changed byte is found. */
class EventChainIT extends OwnStoreServiceIT {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void appendedEventsAreChainedAndAChangedPayloadByteIsFoundAtItsSequence() {
        String rep = unique("chain-rep");
        Reps.register(http, rep, rep, "north");
        String customer = unique("chain-cust");
        assertThat(http.post(
                                "/api/v1/customers",
                                "{\"customerId\":\"%s\",\"ownerRepId\":\"%s\",\"card\":{\"name\":\"Chain Ltd\"}}"
                                        .formatted(customer, rep))
                        .status())
                .isEqualTo(201);
        var interaction = http.post(
                "/api/v1/customers/" + customer + "/interactions",
                "{\"repId\":\"%s\",\"channel\":\"PHONE\",\"direction\":\"OUTBOUND\",\"summary\":\"call\"}"
                        .formatted(rep));
        assertThat(interaction.status()).as(interaction.raw().body()).isEqualTo(201);

        assertThat(check(customer).clean()).isTrue();
        assertThat(check(customer).checked()).isGreaterThanOrEqualTo(2);

        jdbc.update(
                "UPDATE domainevententry SET payload = convert_to(replace(convert_from(payload, 'UTF8'),"
                        + " '\"summary\":\"call\"', '\"summary\":\"cal#\"'), 'UTF8')"
                        + " WHERE aggregateidentifier = ? AND sequencenumber = 1",
                customer);
        ChainChecker.Report tampered = check(customer);
        assertThat(tampered.defects()).hasSize(1);
        Defect defect = tampered.defects().get(0);
        assertThat(defect.kind()).isEqualTo(Defect.Kind.PAYLOAD_CHANGED);
        assertThat(defect.aggregateId()).isEqualTo(customer);
        assertThat(defect.sequence()).isEqualTo(1L);
    }

    private ChainChecker.Report check(String customer) {
        ChainChecker checker = new ChainChecker(List.of(), null, ChainChecker.DEFAULT_GRACE);
        List<ChainRecord> records = jdbc.query(
                "SELECT e.*, c.* FROM domainevententry e LEFT JOIN event_chain c ON c.global_index = e.globalindex"
                        + " WHERE e.aggregateidentifier = ? ORDER BY e.globalindex",
                (rs, n) -> new ChainRecord(
                        new StoredEvent(
                                rs.getLong("globalindex"),
                                rs.getString("eventidentifier"),
                                rs.getString("type"),
                                rs.getString("aggregateidentifier"),
                                rs.getLong("sequencenumber"),
                                rs.getString("timestamp"),
                                rs.getString("payloadtype"),
                                rs.getString("payloadrevision"),
                                rs.getBytes("payload"),
                                rs.getBytes("metadata")),
                        rs.getBytes("hash") == null
                                ? null
                                : new ChainLink(
                                        rs.getLong("global_index"),
                                        rs.getString("event_id"),
                                        rs.getString("aggregate_id"),
                                        rs.getLong("seq"),
                                        rs.getInt("version"),
                                        rs.getBytes("hash"),
                                        rs.getBytes("prev_hash"),
                                        rs.getBytes("payload_digest"),
                                        rs.getBytes("metadata_digest"),
                                        null)),
                customer);
        records.forEach(checker::accept);
        return checker.finish();
    }
}
