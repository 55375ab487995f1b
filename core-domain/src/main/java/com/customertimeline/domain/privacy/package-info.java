/**
 * What the domain says about personal data: which parts of events are about a person, and whose. The
 * service encrypts those parts per customer and can destroy a customer's key (crypto-shredding).
 */
package com.customertimeline.domain.privacy;
