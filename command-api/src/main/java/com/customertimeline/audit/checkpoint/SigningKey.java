package com.customertimeline.audit.checkpoint;

import com.customertimeline.app.StorageConfig.RelationalStoreChecked;
import com.customertimeline.audit.verifier.Keys;
import com.customertimeline.audit.verifier.Reseal;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The service's Ed25519 checkpoint key, generated on the first start and kept in the
 * {@code audit_signing_key} table of the service's own database (the JDK's Ed25519; no extra library).
 * Production caveat (ADR 0014): whoever can write that database can read the private key and sign a
 * rewritten history, so checkpoints are only as strong as the copies auditors keep outside the service
 * and the custody of this key; a deployment that needs more moves signing to a KMS or HSM.
 */
@Component
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
public class SigningKey {

    private final PublicKey publicKey;
    private final PrivateKey privateKey;

    SigningKey(JdbcTemplate jdbc, RelationalStoreChecked postgres, Clock clock) throws GeneralSecurityException {
        jdbc.execute("CREATE TABLE IF NOT EXISTS audit_signing_key ("
                + " id INT NOT NULL PRIMARY KEY,"
                + " algorithm VARCHAR(20) NOT NULL,"
                + " public_key BYTEA NOT NULL,"
                + " private_key BYTEA NOT NULL,"
                + " created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        KeyPair fresh = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        jdbc.update(
                "INSERT INTO audit_signing_key (id, algorithm, public_key, private_key, created_at)"
                        + " VALUES (1, 'Ed25519', ?, ?, ?) ON CONFLICT DO NOTHING",
                fresh.getPublic().getEncoded(),
                fresh.getPrivate().getEncoded(),
                Timestamp.from(clock.instant()));
        List<byte[][]> stored =
                jdbc.query("SELECT public_key, private_key FROM audit_signing_key WHERE id = 1", (rs, n) ->
                        new byte[][] {rs.getBytes(1), rs.getBytes(2)});
        KeyFactory factory = KeyFactory.getInstance("Ed25519");
        this.publicKey = factory.generatePublic(new X509EncodedKeySpec(stored.get(0)[0]));
        this.privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(stored.get(0)[1]));
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    /** Signs a {@link Reseal} statement: that the service replaced an event's payload, from which digest to which. */
    public byte[] signReseal(
            String eventId, byte[] oldPayloadDigest, byte[] newPayloadDigest, String resealedAt, String reason) {
        return Reseal.sign(privateKey, eventId, oldPayloadDigest, newPayloadDigest, resealedAt, reason);
    }

    public String pem() {
        return Keys.toPem(publicKey);
    }

    /** SHA-256 of the encoded public key, hex: names the key in every checkpoint. */
    public String keyId() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
