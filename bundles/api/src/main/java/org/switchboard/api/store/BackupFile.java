package org.switchboard.api.store;

import java.nio.file.Path;
import java.util.Objects;

/** A finished backup: where it is and how many bytes it holds. */
public record BackupFile(Path path, long bytes) {
    public BackupFile {
        Objects.requireNonNull(path, "path");
    }
}
