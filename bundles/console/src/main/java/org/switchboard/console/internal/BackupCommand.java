package org.switchboard.console.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.switchboard.api.store.BackupException;
import org.switchboard.api.store.BackupFile;
import org.switchboard.api.store.StoreBackup;

/** A consistent copy of the embedded H2 store while calls go on; a failure leaves neither file nor change. */
@Command(scope = "sb", name = "backup",
        description = "Writes a consistent copy of the embedded H2 store to a zip while calls go on (PostgreSQL: use pg_dump)")
@Service
public class BackupCommand implements Action {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    @Argument(index = 0, name = "file",
            description = "The zip to write; it must not exist (default: data/backups/switchboard-<date>-<time>.zip)")
    @Completion(FileCompleter.class)
    private String file;

    @Reference
    private StoreBackup backup;

    @Override
    public Object execute() throws CommandException {
        Path target = file == null || file.isBlank()
                ? defaultTarget(Path.of(System.getProperty("karaf.data", "data")), Clock.systemDefaultZone())
                : Path.of(file.trim());
        BackupFile written;
        try {
            written = backup.backupTo(target);
        } catch (BackupException e) {
            // Karaf prints a CommandException's message alone; anything else also goes to karaf.log as an
            // ERROR with a stack trace, and the store has logged the failure already
            throw new CommandException(e.getMessage());
        }
        System.out.println("Backup written to " + written.path() + " (" + RecordingsCommand.size(written.bytes()) + ")");
        return null;
    }

    static Path defaultTarget(Path karafData, Clock clock) {
        return karafData.resolve("backups").resolve("switchboard-" + STAMP.format(LocalDateTime.now(clock)) + ".zip");
    }
}
