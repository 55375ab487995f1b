package com.customertimeline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.audit.store.StoredHistory;
import com.customertimeline.audit.verifier.ChainChecker;
import com.customertimeline.audit.verifier.Defect;
import com.customertimeline.support.OwnStoreServiceIT;
import com.customertimeline.support.Reps;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Events appended through the service carry chain rows that the shared checker accepts, and a changed byte is found. */
class EventChainIT extends OwnStoreServiceIT {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void appendedEventsAreChainedAndAChangedPayloadByteIsFoundAtItsSequence() throws Exception {
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

        // the summary is stored encrypted (ADR 0017); the channel is plain
        int changed = jdbc.update(
                "UPDATE domainevententry SET payload = convert_to(replace(convert_from(payload, 'UTF8'),"
                        + " '\"channel\":\"PHONE\"', '\"channel\":\"EMAIL\"'), 'UTF8')"
                        + " WHERE aggregateidentifier = ? AND sequencenumber = 1",
                customer);
        assertThat(changed).isEqualTo(1);
        assertThat(new String(
                        jdbc.queryForObject(
                                "SELECT payload FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = 1",
                                byte[].class,
                                customer),
                        java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"channel\":\"EMAIL\"");
        ChainChecker.Report tampered = check(customer);
        assertThat(tampered.defects()).hasSize(1);
        Defect defect = tampered.defects().get(0);
        assertThat(defect.kind()).isEqualTo(Defect.Kind.PAYLOAD_CHANGED);
        assertThat(defect.aggregateId()).isEqualTo(customer);
        assertThat(defect.sequence()).isEqualTo(1L);
    }

    private ChainChecker.Report check(String customer) throws Exception {
        ChainChecker checker = new ChainChecker(List.of(), null, ChainChecker.DEFAULT_GRACE);
        new StoredHistory(dataSource).walk(new StoredHistory.Selection(customer, -1), record -> {
            checker.accept(record);
            return true;
        });
        return checker.finish();
    }
}
