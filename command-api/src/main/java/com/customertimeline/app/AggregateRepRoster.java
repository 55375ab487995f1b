package com.customertimeline.app;

import com.customertimeline.domain.rep.Rep;
import com.customertimeline.domain.rep.RepRoster;
import com.customertimeline.domain.rep.RepStatus;
import java.util.Optional;
import org.axonframework.config.Configuration;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Answers the customer aggregate's roster questions from the {@link Rep} aggregate itself, loaded in
 * the same unit of work, so the answer is as current as the event store and not a lagging projection.
 */
@Component
class AggregateRepRoster implements RepRoster {

    private final ObjectProvider<Configuration> axon;

    AggregateRepRoster(ObjectProvider<Configuration> axon) {
        this.axon = axon;
    }

    @Override
    public Optional<RepStatus> statusOf(String repId) {
        try {
            return Optional.ofNullable(
                    axon.getObject().repository(Rep.class).load(repId).invoke(Rep::status));
        } catch (AggregateNotFoundException e) {
            return Optional.empty();
        }
    }
}
