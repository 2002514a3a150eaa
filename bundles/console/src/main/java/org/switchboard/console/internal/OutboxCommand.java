package org.switchboard.console.internal;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
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

/**
 * The outbox for an admin: what waits for which CRM and why; {@code retry} sends a parked or
 * pending entry (or all of them) again now, {@code discard} gives up on one (it stays listed).
 */
@Command(scope = "sb", name = "outbox",
        description = "Lists call logs on their way to the CRMs; 'retry <entry>|--all' sends again now, 'discard <entry>' gives one up")
@Service
public class OutboxCommand implements Action {
    @Argument(index = 0, name = "action", description = "list (default), retry or discard")
    @Completion(value = StringsCompleter.class, values = {"list", "retry", "discard"})
    private String action = "list";

    @Argument(index = 1, name = "entry", description = "The outbox entry id (first column of the list)")
    private String entry;

    @Option(name = "--all", description = "With retry: every pending and parked entry")
    private boolean all;

    @Option(name = "--status", description = "pending, delivered, parked or discarded (default: all)")
    @Completion(value = StringsCompleter.class, values = {"pending", "delivered", "parked", "discarded"})
    private String status;

    @Option(name = "--limit", description = "Rows to show (default 20)")
    private int limit = 20;

    @Option(name = "--replay", description = "Same as retry --all")
    private boolean replay;

    @Reference
    private Outbox outbox;

    @Override
    public Object execute() {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("--limit must be 1 to 1000");
        }
        switch (action.toLowerCase(Locale.ROOT)) {
            case "list" -> {
                if (replay) {
                    retryAll();
                }
                list();
            }
            case "retry" -> {
                if (all || replay) {
                    retryAll();
                } else {
                    UUID id = entryId();
                    System.out.println(outbox.retry(id, Clock.systemUTC().instant())
                            ? "Entry " + id + " is due now" : "Entry " + id + " is unknown or already delivered");
                }
            }
            case "discard" -> {
                UUID id = entryId();
                System.out.println(outbox.discard(id)
                        ? "Entry " + id + " discarded: its call log stays, it will not be delivered"
                        : "Entry " + id + " is unknown, delivered or discarded already");
            }
            default -> throw new IllegalArgumentException("unknown action '" + action + "'; use list, retry or discard");
        }
        return null;
    }

    private void retryAll() {
        System.out.println("Retrying " + outbox.replayAll(Clock.systemUTC().instant()) + " pending and parked entries now");
    }

    private void list() {
        System.out.println("Pending: " + outbox.count(OutboxStatus.PENDING) + ", parked: " + outbox.count(OutboxStatus.PARKED)
                + ", delivered: " + outbox.count(OutboxStatus.DELIVERED) + ", discarded: "
                + outbox.count(OutboxStatus.DISCARDED) + "; CRMs receiving call logs: " + String.join(", ", outbox.subscribers()));
        ShellTable table = new ShellTable();
        table.column("Entry");
        table.column("Call");
        table.column("CRM");
        table.column("Status");
        table.column("Attempts");
        table.column("Next attempt");
        table.column("CRM record");
        table.column("Last error").maxSize(80);
        for (OutboxEntry e : outbox.list(parseStatus(), limit)) {
            table.addRow().addContent(e.id(), e.callLogId(), e.connector(), e.status().name().toLowerCase(Locale.ROOT),
                    e.attempts(), e.status() == OutboxStatus.PENDING ? e.nextAttemptAt() : "-", e.crmRef().orElse("-"),
                    e.lastError().orElse("-"));
        }
        table.print(System.out);
    }

    private UUID entryId() {
        if (entry == null) {
            throw new IllegalArgumentException("name the outbox entry (first column of sb:outbox)");
        }
        try {
            return UUID.fromString(entry.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + entry + "' is not an outbox entry id");
        }
    }

    private Optional<OutboxStatus> parseStatus() {
        if (status == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OutboxStatus.valueOf(status.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown status '" + status + "'; use pending, delivered, parked or discarded");
        }
    }
}
