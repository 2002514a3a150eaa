package org.switchboard.crm.salesforce.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts the agents' refresh tokens at rest with AES-256-GCM. The key is made on first use and
 * kept in a file only its owner can read ({@code etc/org.switchboard.crm.salesforce.key} in Karaf);
 * the agent's id is the associated data, so a ciphertext copied to another agent's row fails.
 * Losing the key file only means the agents connect again.
 */
final class TokenCipher {
    private static final Logger LOG = LoggerFactory.getLogger(TokenCipher.class);
    static final String KEY_FILE_NAME = "org.switchboard.crm.salesforce.key";
    private static final String FORMAT = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path keyFile;
    private final SecureRandom random = new SecureRandom();
    private SecretKey key;

    TokenCipher(Path keyFile) {
        this.keyFile = keyFile;
    }

    /** {@code ${karaf.etc}/org.switchboard.crm.salesforce.key}, or {@code etc/} outside Karaf. */
    static Path defaultKeyFile() {
        return Path.of(System.getProperty("karaf.etc", "etc")).resolve(KEY_FILE_NAME);
    }

    String encrypt(String plain, UUID agentId) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(agentId.toString().getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return FORMAT + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt with AES-256-GCM: " + e.getClass().getSimpleName(), e);
        }
    }

    /** @throws IllegalArgumentException when the text was not sealed with this key for this agent */
    String decrypt(String sealed, UUID agentId) {
        if (!sealed.startsWith(FORMAT)) {
            throw new IllegalArgumentException("not an encrypted token");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed.substring(FORMAT.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD(agentId.toString().getBytes(StandardCharsets.US_ASCII));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the token cannot be decrypted with " + keyFile + " (another key, or another agent's row)");
        }
    }

    private synchronized SecretKey key() throws GeneralSecurityException {
        if (key == null) {
            key = new SecretKeySpec(loadOrCreate(), "AES");
        }
        return key;
    }

    private byte[] loadOrCreate() throws GeneralSecurityException {
        try {
            if (!Files.exists(keyFile)) {
                create();
            }
            byte[] bytes = Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII).strip());
            if (bytes.length != 32) {
                throw new GeneralSecurityException(keyFile + " does not hold a 256-bit key");
            }
            return bytes;
        } catch (IOException | IllegalArgumentException e) {
            throw new GeneralSecurityException("cannot read or create " + keyFile + ": " + e.getMessage(), e);
        }
    }

    /** Written beside the final name with owner-only rights, then moved in place: never readable by others, never half written. */
    private void create() throws IOException, GeneralSecurityException {
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256, random);
        String encoded = Base64.getEncoder().encodeToString(generator.generateKey().getEncoded()) + "\n";
        Path directory = keyFile.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary;
        if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            temporary = Files.createTempFile(directory, KEY_FILE_NAME, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            temporary = Files.createTempFile(directory, KEY_FILE_NAME, ".tmp");
            var file = temporary.toFile();
            file.setReadable(false, false);
            file.setReadable(true, true);
            file.setWritable(false, false);
            file.setWritable(true, true);
        }
        Files.writeString(temporary, encoded, StandardCharsets.US_ASCII);
        try {
            Files.move(temporary, keyFile, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Salesforce: created the key that encrypts the agents' refresh tokens: {}", keyFile);
        } catch (FileAlreadyExistsException raced) {
            Files.deleteIfExists(temporary);
        }
    }
}
