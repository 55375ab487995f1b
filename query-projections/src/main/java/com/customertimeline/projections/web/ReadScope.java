package com.customertimeline.projections.web;

import java.util.Optional;
import java.util.Set;

/**
 * Which owners' customers the caller of a list (search) may see. The read side does not know who is
 * calling; the service that mounts it does (its security layer) and narrows lists with this, so a rep's
 * search never lists another rep's customers. Without an implementation every caller sees everything.
 */
public interface ReadScope {

    /** The owners whose customers the caller may see, or empty if the caller may see all customers. */
    Optional<Set<String>> visibleOwners();
}
