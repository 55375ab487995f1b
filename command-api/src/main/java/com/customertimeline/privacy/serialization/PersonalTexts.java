package com.customertimeline.privacy.serialization;

import com.customertimeline.domain.privacy.PersonalData;
import com.customertimeline.privacy.keys.CustomerKeys;
import com.google.crypto.tink.Aead;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;

/**
 * One personal text as it is stored: {@code pd1:<customerId>:<ciphertext, base64url>}, encrypted with the
 * customer's own key and the customer id as associated data (a text copied into another customer's
 * event does not decrypt). The prefix keeps stored JSON self-describing: a reader, an export or an
 * auditor sees which texts are personal and whose, without a key.
 */
public final class PersonalTexts {

    static final String PREFIX = "pd1:";

    private final CustomerKeys keys;

    public PersonalTexts(CustomerKeys keys) {
        this.keys = keys;
    }

    /** The stored form of {@code text}; an already erased text stays the marker, never encrypted. */
    public String encrypt(String customerId, String text) {
        if (PersonalData.ERASED.equals(text)) {
            return text;
        }
        Aead aead = keys.forWriting(customerId);
        try {
            byte[] sealed = aead.encrypt(text.getBytes(StandardCharsets.UTF_8), aad(customerId));
            return PREFIX + customerId + ":"
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a personal text of customer " + customerId, e);
        }
    }

    /** Whether {@code stored} is a personal text in its stored form. */
    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX) && stored.lastIndexOf(':') > PREFIX.length();
    }

    /**
     * The text of a stored personal text: decrypted, or {@link PersonalData#ERASED} once its customer's key
     * was destroyed. Texts stored before encryption existed are returned as they are.
     *
     * @throws IllegalStateException when the text was altered or does not belong to the customer it names
     */
    public String decrypt(String stored) {
        if (!isSealed(stored)) {
            return stored;
        }
        int split = stored.lastIndexOf(':');
        String customerId = stored.substring(PREFIX.length(), split);
        Optional<Aead> aead = keys.forReading(customerId);
        if (aead.isEmpty()) {
            return PersonalData.ERASED;
        }
        try {
            byte[] sealed = Base64.getUrlDecoder().decode(stored.substring(split + 1));
            return new String(aead.get().decrypt(sealed, aad(customerId)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "a personal text of customer " + customerId + " was altered or moved; it does not decrypt", e);
        }
    }

    private static byte[] aad(String customerId) {
        return customerId.getBytes(StandardCharsets.UTF_8);
    }
}
