package com.customertimeline.domain.customer;

import com.customertimeline.domain.model.Address;
import com.customertimeline.domain.model.ContactPoint;
import com.customertimeline.domain.model.FieldChange;
import com.customertimeline.domain.privacy.DataSubject;
import com.customertimeline.domain.privacy.PersonalData;
import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * The customer card changed. Only the fields that changed are set (old and new value); the others are
 * null, so the card's history can be shown field by field.
 */
@Revision("1")
public record CustomerCardUpdated(
        @DataSubject String customerId,
        @PersonalData FieldChange<String> name,
        @PersonalData FieldChange<String> company,
        @PersonalData FieldChange<String> position,
        @PersonalData FieldChange<List<Address>> addresses,
        @PersonalData FieldChange<List<ContactPoint>> contacts,
        String updatedByRepId,
        Instant occurredAt) {}
