package com.customertimeline.domain.model;

/** The old and new value of one field that changed; either side may be null (field set or cleared). */
public record FieldChange<T>(T oldValue, T newValue) {}
