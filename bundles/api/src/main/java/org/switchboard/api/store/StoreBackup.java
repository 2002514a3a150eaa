package org.switchboard.api.store;

import java.nio.file.Path;

/**
 * A consistent copy of the embedded store taken while it runs: calls go on, and the copy holds
 * every transaction committed before it started and none that committed after.
 */
@org.osgi.annotation.versioning.ProviderType
public interface StoreBackup {

    /**
     * Writes the store to {@code target}, a zip file that must not exist yet; its directory is
     * created when missing. The file appears only once it is complete.
     *
     * @throws BackupException when the store cannot be copied this way (PostgreSQL: use pg_dump) or
     *         the file cannot be written (full disk, unwritable directory); the store is untouched
     *         and no file, whole or partial, is left at {@code target}
     */
    BackupFile backupTo(Path target);
}
