package com.customertimeline.privacy.keys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

/**
 * The key that wraps every customer's data key. Only wrapped data keys are stored; whoever holds the
 * database without this key reads no personal text. Given inline (a secret of the platform) or as a file;
 * the embedded default creates the file on first start so nothing has to be set up. In production this
 * is where a KMS-backed {@link Aead} from Tink's KMS integrations takes the place of a local keyset
 * (ADR 0017).
 */
public final class MasterKey {

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Aead aead;
    private final String origin;

    private MasterKey(Aead aead, String origin) {
        this.aead = aead;
        this.origin = origin;
    }

    /** The master key given as a Tink JSON keyset. */
    public static MasterKey fromJson(String json, String origin) {
        try {
            KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
            return new MasterKey(handle.getPrimitive(RegistryConfiguration.get(), Aead.class), origin);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the master key from " + origin + " is not a Tink AEAD keyset", e);
        }
    }

    /** The master key in {@code file}; a new one is written there (mode 0600) when the file does not exist. */
    public static MasterKey fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Path dir = file.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                Path fresh = Files.createTempFile(dir, "master-key", ".tmp", ownerOnly());
                Files.writeString(fresh, generateJson(), StandardCharsets.UTF_8);
                try {
                    // written whole, then moved in place: a crash never leaves an empty or partial key file
                    Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException raced) {
                    Files.deleteIfExists(fresh);
                }
            }
            return fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key file " + file, e);
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        try {
            return new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            };
        } catch (UnsupportedOperationException notPosix) {
            return new FileAttribute<?>[0];
        }
    }

    /** A new AES-256-GCM keyset as Tink JSON: for a first start, a test, or an operator's new key. */
    public static String generateJson() {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(
                    KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a keyset", e);
        }
    }

    Aead aead() {
        return aead;
    }

    /** Where the key came from (a file name or "configuration"), never the key itself. */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "MasterKey[" + origin + "]";
    }
}
