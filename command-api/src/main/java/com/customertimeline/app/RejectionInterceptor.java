package com.customertimeline.app;

import com.customertimeline.domain.CommandRejectedException;
import com.customertimeline.domain.RejectionDetails;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Turns domain rejections into {@link CommandExecutionException}s that carry {@link RejectionDetails}.
 * Exception types do not survive the trip through Axon Server, but details do, so the API maps a
 * rejection to the same HTTP answer whether the command was handled locally or on another node.
 */
@Component
class RejectionInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        try {
            return chain.proceed();
        } catch (CommandRejectedException e) {
            throw new CommandExecutionException(e.getMessage(), e, e.details());
        } catch (AggregateNotFoundException e) {
            // our words, not Axon's ("The aggregate was not found in the event store")
            boolean rep =
                    unitOfWork.getMessage().getPayloadType().getPackageName().endsWith(".rep");
            String message = "no " + (rep ? "rep " : "customer ") + e.getAggregateIdentifier();
            RejectionDetails details = new RejectionDetails(
                    CommandRejectedException.Kind.NOT_FOUND, "not-found", rep ? "repId" : "customerId", message);
            throw new CommandExecutionException(message, e, details);
        }
    }
}
