package org.switchboard.store.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.store.BackupException;
import org.switchboard.api.store.BackupFile;
import org.switchboard.api.store.StoreBackup;

/**
 * H2's online {@code BACKUP TO}: MVStore copies a consistent snapshot into a zip without locking
 * tables, so calls go on. H2 writes into a {@code .part} file next to the target, renamed once
 * complete, so a failed backup (full disk) never leaves a zip that looks whole.
 */
final class OnlineBackup implements StoreBackup {
    static final String PART_SUFFIX = ".part";
    private static final Logger LOG = LoggerFactory.getLogger(OnlineBackup.class);

    private final DataSource dataSource;

    OnlineBackup(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public BackupFile backupTo(Path target) {
        Path file = target.toAbsolutePath().normalize();
        if (Files.exists(file)) {
            throw new BackupException(file + " exists already: name a new file");
        }
        Path directory = file.getParent();
        Path part = directory.resolve(file.getFileName() + PART_SUFFIX);
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            if (!"H2".equals(product)) {
                throw new BackupException("the store is " + product
                        + ", not the embedded H2: back it up with the database's own tool (PostgreSQL: pg_dump)");
            }
            createDirectory(directory, file);
            try (Statement statement = connection.createStatement()) {
                statement.execute("BACKUP TO " + quoted(part.toString()));
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
            BackupFile backup = new BackupFile(file, Files.size(file));
            LOG.info("store: backup written to {} ({} bytes)", file, backup.bytes());
            return backup;
        } catch (SQLException | IOException e) {
            deleteQuietly(part);
            throw failed(file, Failures.brief(e), e);
        }
    }

    private static void createDirectory(Path directory, Path file) {
        try {
            Files.createDirectories(directory);
        } catch (FileAlreadyExistsException e) {
            throw failed(file, e.getFile() + " is not a directory", e);
        } catch (IOException e) {
            throw failed(file, "cannot create the directory " + directory + ": " + Failures.brief(e), e);
        }
    }

    private static BackupException failed(Path file, String reason, Exception cause) {
        LOG.warn("store: backup to {} failed: {}", file, reason);
        return new BackupException("backup to " + file + " failed, the store is unchanged: " + reason, cause);
    }

    private static String quoted(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static void deleteQuietly(Path part) {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            LOG.warn("store: could not remove the unfinished backup {}: {}", part, Failures.brief(e));
        }
    }
}
