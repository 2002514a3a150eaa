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
}
