package org.switchboard.crm.local.internal;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.switchboard.api.crm.CrmUnavailableException;

/**
 * Call activities (crm_tasks): one Task per call id, updated when the call is logged again.
 * <p>
 * Group commit: the outbox delivers several logs in parallel, and the tasks saved at the same time
 * share one transaction: one caller commits everything queued, the others wait for that commit.
 * Every caller returns only once its own task is committed.
 */
final class Tasks {
    /** Time-ordered (UUIDv7): a call's Task lands at the end of the table's B-tree, not on a random page. */
    private static final TimeBasedEpochGenerator TASK_IDS = Generators.timeBasedEpochGenerator();
    private static final String COLUMNS = "contact_id = ?, what_id = ?, subject = ?, description = ?, call_type = ?,"
            + " call_duration_seconds = ?, disposition = ?, agent_id = ?, updated_at = ?";

    private final CrmDatabase database;
    private final Clock clock;
    private final Object lock = new Object();
    private final List<Pending> queued = new ArrayList<>(); // guarded by lock
    private boolean committing; // guarded by lock

    /** One caller's task; its id or its failure once the commit that took it is done. */
    private static final class Pending {
        final CallTask task;
        String id;
        RuntimeException failure;
        boolean done;

        Pending(CallTask task) {
            this.task = task;
        }
    }

    Tasks(CrmDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** The id of the task now holding this call, once it is committed. */
    String save(CallTask task) {
        Pending mine = new Pending(task);
        List<Pending> batch;
        synchronized (lock) {
            queued.add(mine);
            while (committing && !mine.done) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    // the task may still be committed by the caller committing now; logCall is idempotent
                    throw new CrmUnavailableException("local CRM: interrupted while saving the task", e);
                }
            }
            if (!mine.done) {
                committing = true;
                batch = new ArrayList<>(queued);
                queued.clear();
            } else {
                batch = List.of();
            }
        }
        if (!batch.isEmpty()) {
            try {
                commit(batch);
            } finally {
                synchronized (lock) {
                    batch.forEach(pending -> pending.done = true);
                    committing = false;
                    lock.notifyAll();
                }
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.id;
    }

    /** All in one transaction; when that fails, each task alone, so one bad task fails only its caller. */
    private void commit(List<Pending> batch) {
        if (batch.size() > 1) {
            try {
                List<String> ids = database.inTransaction(c -> {
                    List<String> saved = new ArrayList<>(batch.size());
                    for (Pending pending : batch) {
                        saved.add(upsert(c, pending.task));
                    }
                    return saved;
                });
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).id = ids.get(i);
                }
                return;
            } catch (CrmUnavailableException e) {
                // fall through: one at a time
            }
        }
        for (Pending pending : batch) {
            try {
                pending.id = saveAlone(pending.task);
            } catch (RuntimeException e) {
                pending.failure = e;
            }
        }
    }

    private String saveAlone(CallTask task) {
        try {
            return database.inTransaction(c -> upsert(c, task));
        } catch (CrmUnavailableException e) {
            // Two deliveries of the same call raced and the other inserted first: now it is an update.
            if (CrmDatabase.isDuplicateKey(e.getCause())) {
                return database.inTransaction(c -> upsert(c, task));
            }
            throw e;
        }
    }

    private String upsert(Connection connection, CallTask task) throws SQLException {
        OffsetDateTime now = CrmDatabase.utc(clock.instant());
        Optional<String> existing = idOf(connection, task.callId());
        if (existing.isPresent()) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE crm_tasks SET " + COLUMNS + " WHERE id = ?")) {
                int next = bind(update, task, now);
                update.setString(next, existing.get());
                update.executeUpdate();
            }
            return existing.get();
        }
        String id = TASK_IDS.generate().toString();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO crm_tasks (contact_id, what_id, subject,"
                + " description, call_type, call_duration_seconds, disposition, agent_id, updated_at, id, call_id, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int next = bind(insert, task, now);
            insert.setString(next++, id);
            insert.setString(next++, task.callId());
            insert.setObject(next, now);
            insert.executeUpdate();
        }
        return id;
    }

    private static Optional<String> idOf(Connection connection, String callId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM crm_tasks WHERE call_id = ?")) {
            select.setString(1, callId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    /** Binds the columns of {@link #COLUMNS} and answers the next parameter index. */
    private static int bind(PreparedStatement statement, CallTask task, OffsetDateTime now) throws SQLException {
        statement.setString(1, task.whoId().orElse(null));
        statement.setString(2, task.whatId().orElse(null));
        statement.setString(3, task.subject());
        statement.setString(4, task.description());
        statement.setString(5, task.callType());
        statement.setInt(6, task.durationSeconds());
        statement.setString(7, task.disposition());
        statement.setString(8, task.agentId().orElse(null));
        statement.setObject(9, now);
        return 10;
    }
}
