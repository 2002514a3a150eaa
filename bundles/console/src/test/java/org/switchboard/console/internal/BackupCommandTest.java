package org.switchboard.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BackupCommandTest {

    @Test
    void defaultTargetIsATimestampedZipUnderDataBackups() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-06T05:30:07Z"), ZoneOffset.UTC);

        assertThat(BackupCommand.defaultTarget(Path.of("/opt/switchboard/data"), clock))
                .isEqualTo(Path.of("/opt/switchboard/data/backups/switchboard-20261206-053007.zip"));
    }

    @Test
    void sizeIsReadable() {
        assertThat(BackupCommand.size(512)).isEqualTo("512 bytes");
        assertThat(BackupCommand.size(80_000)).isEqualTo("78.1 KiB");
        assertThat(BackupCommand.size(5L * 1024 * 1024)).isEqualTo("5.0 MiB");
    }
}
