package org.switchboard.console.internal;

import java.time.Clock;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;
import org.switchboard.api.calllog.Outbox;
import org.switchboard.api.calllog.OutboxEntry;
import org.switchboard.api.calllog.OutboxStatus;

@Command(scope = "sb", name = "outbox", description = "Shows call logs waiting for (or delivered to) the CRM; --replay retries now")
@Service
public class OutboxCommand implements Action {
    @Option(name = "--status", description = "pending or delivered (default: both)")
    @Completion(value = StringsCompleter.class, values = {"pending", "delivered"})
    private String status;

    @Option(name = "--limit", description = "Rows to show (default 20)")
    private int limit = 20;

    @Option(name = "--replay", description = "Make every pending entry due now")
    private boolean replay;

    @Reference
    private Outbox outbox;

    @Override
    public Object execute() {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("--limit must be 1 to 1000");
        }
        if (replay) {
            System.out.println("Replaying " + outbox.replayAll(Clock.systemUTC().instant()) + " pending entries");
        }
        System.out.println("Pending: " + outbox.count(OutboxStatus.PENDING) + ", delivered: "
                + outbox.count(OutboxStatus.DELIVERED));
        ShellTable table = new ShellTable();
        table.column("Call");
        table.column("Status");
        table.column("Attempts");
        table.column("Next attempt");
        table.column("CRM record");
        table.column("Last error");
        for (OutboxEntry e : outbox.list(parseStatus(), limit)) {
            table.addRow().addContent(e.callLogId(), e.status().name().toLowerCase(), e.attempts(),
                    e.status() == OutboxStatus.PENDING ? e.nextAttemptAt() : "-", e.crmRef().orElse("-"),
                    e.lastError().orElse("-"));
        }
        table.print(System.out);
        return null;
    }

    private Optional<OutboxStatus> parseStatus() {
        if (status == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OutboxStatus.valueOf(status.trim().toUpperCase()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown status '" + status + "'; use pending or delivered");
        }
    }
}
