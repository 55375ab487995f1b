package com.customertimeline.projections.support;

import com.customertimeline.domain.customer.ComplaintFiled;
import com.customertimeline.domain.customer.ComplaintResolved;
import com.customertimeline.domain.customer.ComplaintResponded;
import com.customertimeline.domain.customer.CustomerCardUpdated;
import com.customertimeline.domain.customer.CustomerPersonalDataErased;
import com.customertimeline.domain.customer.CustomerReassigned;
import com.customertimeline.domain.customer.CustomerRegistered;
import com.customertimeline.domain.customer.FollowUpCompleted;
import com.customertimeline.domain.customer.HandoverAcknowledged;
import com.customertimeline.domain.customer.InteractionRecorded;
import com.customertimeline.domain.customer.PurchaseRecorded;
import com.customertimeline.domain.rep.RepDeparted;
import com.customertimeline.domain.rep.RepRegistered;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.axonframework.messaging.Message;

/** Finds which customer (or rep) an event is about, so a batch can prefetch the documents it will touch. */
public final class CustomerEvents {

    private CustomerEvents() {}

    /** The customer id of a customer event, or null for any other payload. */
    public static String customerIdOf(Object payload) {
        if (payload instanceof CustomerRegistered e) {
            return e.customerId();
        } else if (payload instanceof CustomerCardUpdated e) {
            return e.customerId();
        } else if (payload instanceof InteractionRecorded e) {
            return e.customerId();
        } else if (payload instanceof FollowUpCompleted e) {
            return e.customerId();
        } else if (payload instanceof PurchaseRecorded e) {
            return e.customerId();
        } else if (payload instanceof ComplaintFiled e) {
            return e.customerId();
        } else if (payload instanceof ComplaintResponded e) {
            return e.customerId();
        } else if (payload instanceof ComplaintResolved e) {
            return e.customerId();
        } else if (payload instanceof CustomerReassigned e) {
            return e.customerId();
        } else if (payload instanceof HandoverAcknowledged e) {
            return e.customerId();
        } else if (payload instanceof CustomerPersonalDataErased e) {
            return e.customerId();
        }
        return null;
    }

    /** The rep id of a rep event, or null for any other payload. */
    public static String repIdOf(Object payload) {
        if (payload instanceof RepRegistered e) {
            return e.repId();
        } else if (payload instanceof RepDeparted e) {
            return e.repId();
        }
        return null;
    }

    /** The distinct customer ids the messages of a batch are about. */
    public static Set<String> customerIds(Collection<? extends Message<?>> messages) {
        Set<String> ids = new LinkedHashSet<>();
        for (Message<?> message : messages) {
            String id = customerIdOf(message.getPayload());
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** The distinct rep ids the rep events of a batch are about. */
    public static Set<String> repIds(Collection<? extends Message<?>> messages) {
        Set<String> ids = new LinkedHashSet<>();
        for (Message<?> message : messages) {
            String id = repIdOf(message.getPayload());
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }
}
