package org.switchboard.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.api.store.BackupException;
import org.switchboard.api.store.BackupFile;

class OnlineBackupTest {
    @TempDir
    Path dir;

    private DataSource store;

    @BeforeEach
    void storeWithRows() {
        store = h2File(dir.resolve("live/db"));
        TestDatabase.execute(store, List.of("CREATE TABLE agents(name VARCHAR(20))",
                "INSERT INTO agents VALUES ('alice'), ('bob')"));
    }

    @AfterEach
    void closeStore() {
        TestDatabase.execute(store, List.of("SHUTDOWN"));
    }

    @Test
    void backupIsAZipThatRestoresEveryCommittedRow() throws Exception {
        Path target = dir.resolve("backups/nested/switchboard.zip");

        BackupFile backup = new OnlineBackup(store).backupTo(target);

        assertThat(backup.path()).isEqualTo(target);
        assertThat(backup.bytes()).isEqualTo(Files.size(target)).isPositive();
        assertThat(Files.exists(Path.of(target + OnlineBackup.PART_SUFFIX))).isFalse();
        Path restored = dir.resolve("restored");
        unzip(target, restored);
        DataSource copy = h2File(restored.resolve("db"));
        assertThat(count(copy, "agents")).isEqualTo(2);
        TestDatabase.execute(copy, List.of("SHUTDOWN"));
    }

    @Test
    void refusesToOverwriteAFile() throws IOException {
        Path target = Files.writeString(dir.resolve("old.zip"), "an older backup");

        assertThatThrownBy(() -> new OnlineBackup(store).backupTo(target))
                .isInstanceOf(BackupException.class).hasMessageContaining("exists already");
        assertThat(Files.readString(target)).isEqualTo("an older backup");
    }

    @Test
    void unwritableDirectoryFailsClearlyAndLeavesNoFile() throws Exception {
        // a directory below a plain file cannot be created, not even by root
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        Path target = file.resolve("backup.zip");

        assertThatThrownBy(() -> new OnlineBackup(store).backupTo(target))
                .isInstanceOf(BackupException.class)
                .hasMessage("backup to " + target + " failed, the store is unchanged: " + file + " is not a directory");
        assertThat(Files.exists(target)).isFalse();
        assertThat(count(store, "agents")).isEqualTo(2);
    }

    @Test
    void fullDiskFailsClearlyAndLeavesNoHalfFile() throws Exception {
        Path full = Path.of("/dev/full"); // every write fails with ENOSPC
        assumeTrue(Files.exists(full), "needs /dev/full");
        Path target = dir.resolve("backup.zip");
        Files.createSymbolicLink(Path.of(target + OnlineBackup.PART_SUFFIX), full);

        assertThatThrownBy(() -> new OnlineBackup(store).backupTo(target))
                .isInstanceOf(BackupException.class)
                .hasMessageStartingWith("backup to " + target + " failed, the store is unchanged: ");
        assertThat(Files.exists(target)).isFalse();
        assertThat(Files.exists(Path.of(target + OnlineBackup.PART_SUFFIX), java.nio.file.LinkOption.NOFOLLOW_LINKS))
                .isFalse();
        TestDatabase.execute(store, List.of("INSERT INTO agents VALUES ('carol')"));
        assertThat(count(store, "agents")).isEqualTo(3);
    }

    @OnBothDatabases
    void postgresqlIsBackedUpWithPgDump(TestDatabase db) {
        assumeTrue(db.name().equals("PostgreSQL"));

        assertThatThrownBy(() -> new OnlineBackup(db.dataSource()).backupTo(dir.resolve("pg.zip")))
                .isInstanceOf(BackupException.class).hasMessageContaining("pg_dump");
        assertThat(Files.exists(dir.resolve("pg.zip"))).isFalse();
    }

    private static DataSource h2File(Path path) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + path);
        dataSource.setUser("sa");
        return dataSource;
    }

    private static int count(DataSource dataSource, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static void unzip(Path zip, Path into) throws IOException {
        Files.createDirectories(into);
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                Files.copy(entries, into.resolve(entry.getName()));
            }
        }
    }
}
