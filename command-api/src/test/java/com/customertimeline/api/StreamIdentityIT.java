package com.customertimeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.support.PostgresBackedServiceIT;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Customers and reps share one namespace of stream ids in the event store (ADR 0012): the second to
 * register an id is told it is taken, and neither kind ever reads or extends the other's stream.
 */
class StreamIdentityIT extends PostgresBackedServiceIT {

    @Autowired
    EventStore eventStore;

    @Test
    void aCustomerCannotTakeTheIdOfARepAndTheRepsStreamIsUntouched() {
        String id = unique("dup");
        String owner = unique("owner");
        assertThat(http.post("/api/v1/reps", CustomerCommandApiIT.rep(owner)).status())
                .isEqualTo(201);
        assertThat(http.post("/api/v1/reps", CustomerCommandApiIT.rep(id)).status())
                .isEqualTo(201);

        var clash = http.post("/api/v1/customers", CustomerCommandApiIT.customer(id, owner));
        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.contentType()).startsWith("application/problem+json");
        assertThat(clash.json().path("code").asText()).isEqualTo("id-taken");
        assertThat(clash.json().path("field").asText()).isEqualTo("customerId");

        var interaction = http.post(
                "/api/v1/customers/" + id + "/interactions",
                "{\"channel\":\"PHONE\",\"direction\":\"INBOUND\",\"repId\":\"" + owner + "\",\"summary\":\"hi\"}");
        assertThat(interaction.status()).isEqualTo(404);
        assertThat(interaction.json().path("detail").asText()).isEqualTo("no customer " + id);

        assertThat(streamTypes(id)).containsExactly("Rep");
        // the rep still works as a rep: it can own a customer and depart
        String customer = unique("cust");
        assertThat(http.post("/api/v1/customers", CustomerCommandApiIT.customer(customer, id))
                        .status())
                .isEqualTo(201);
        assertThat(http.post(
                                "/api/v1/reps/" + id + "/departure",
                                "{\"reason\":\"left\",\"successorRepIds\":[\"" + owner + "\"]}")
                        .status())
                .isEqualTo(202);
        assertThat(streamTypes(id)).containsOnly("Rep").hasSize(2);
    }

    @Test
    void aRepCannotTakeTheIdOfACustomerAndTheCustomersStreamIsUntouched() {
        String id = unique("dup");
        String owner = unique("owner");
        assertThat(http.post("/api/v1/reps", CustomerCommandApiIT.rep(owner)).status())
                .isEqualTo(201);
        assertThat(http.post("/api/v1/customers", CustomerCommandApiIT.customer(id, owner))
                        .status())
                .isEqualTo(201);

        var clash = http.post("/api/v1/reps", CustomerCommandApiIT.rep(id));
        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.json().path("code").asText()).isEqualTo("id-taken");
        assertThat(clash.json().path("field").asText()).isEqualTo("repId");

        var departure = http.post("/api/v1/reps/" + id + "/departure", "{\"reason\":\"left\"}");
        assertThat(departure.status()).isEqualTo(404);

        var interaction = http.post(
                "/api/v1/customers/" + id + "/interactions",
                "{\"channel\":\"PHONE\",\"direction\":\"INBOUND\",\"repId\":\"" + owner + "\",\"summary\":\"hi\"}");
        assertThat(interaction.status()).isEqualTo(201);
        assertThat(interaction.json().path("version").asLong()).isEqualTo(1);
        assertThat(streamTypes(id)).containsExactly("Customer", "Customer");
    }

    private List<String> streamTypes(String id) {
        return eventStore
                .readEvents(id)
                .asStream()
                .map(DomainEventMessage::getType)
                .toList();
    }
}
