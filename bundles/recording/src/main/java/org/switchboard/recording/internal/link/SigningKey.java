package org.switchboard.recording.internal.link;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The 32-byte HMAC key that signs recording links, kept in a file only its owner can read
 * ({@code etc/org.switchboard.recording.key} in Karaf) and made on first start. Replacing the
 * file invalidates every link handed out so far (the Task comments too).
 */
public final class SigningKey {
    public static final String FILE_NAME = "org.switchboard.recording.key";
    static final int BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SigningKey() {}

    /** {@code ${karaf.etc}/org.switchboard.recording.key}, or {@code etc/} outside Karaf. */
    public static Path defaultFile() {
        return Path.of(System.getProperty("karaf.etc", "etc")).resolve(FILE_NAME);
    }

    /** @throws IOException when the file cannot be read or made, or does not hold a 256-bit key */
    public static byte[] loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            create(file);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not hold a base64 key");
        }
        if (key.length != BYTES) {
            throw new IOException(file + " does not hold a 256-bit key");
        }
        return key;
    }

    /** Written beside the final name with owner-only rights, then moved in place: never readable by others, never half written. */
    private static void create(Path file) throws IOException {
        byte[] key = new byte[BYTES];
        new SecureRandom().nextBytes(key);
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary;
        if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            temporary = Files.createTempFile(directory, FILE_NAME, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            temporary = Files.createTempFile(directory, FILE_NAME, ".tmp");
            var handle = temporary.toFile();
            handle.setReadable(false, false);
            handle.setReadable(true, true);
            handle.setWritable(false, false);
            handle.setWritable(true, true);
        }
        try {
            Files.writeString(temporary, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            try {
                // no REPLACE_EXISTING: a second instance racing us keeps the first key
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                // the other one won; use its key
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
