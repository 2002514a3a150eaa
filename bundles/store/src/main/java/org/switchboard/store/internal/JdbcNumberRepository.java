package org.switchboard.store.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.NumberAssignment;
import org.switchboard.api.number.NumberRepository;
import org.switchboard.api.number.NumberTarget;
import org.switchboard.api.number.RingStrategy;

@Component(service = NumberRepository.class)
public final class JdbcNumberRepository implements NumberRepository {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcNumberRepository.class);
    private static final int MAX_GROUP_NAME = 64;
    private static final String SELECT_NUMBER = "SELECT e164, target_kind, target_id, label FROM numbers";
    private static final String SELECT_GROUP =
            "SELECT id, name, strategy, ring_timeout_seconds, auto_record, voicemail_after_seconds FROM groups";

    private final Jdbc jdbc;
    /** The owner of a dialed number and a group's ring settings: asked on every call. */
    private final ReadCache<E164, Optional<NumberAssignment>> byNumber = ReadCache.directory();
    private final ReadCache<UUID, Optional<Group>> groupsById = ReadCache.directory();

    @Activate
    public JdbcNumberRepository(@Reference(target = Database.DATA_SOURCE_TARGET) DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public List<NumberAssignment> numbers() {
        return jdbc.list("list numbers", SELECT_NUMBER + " ORDER BY e164", Transaction.NO_PARAMS,
                JdbcNumberRepository::assignment);
    }

    @Override
    public Optional<NumberAssignment> find(E164 number) {
        return byNumber.get(number, () -> jdbc.one("find number", SELECT_NUMBER + " WHERE e164 = ?",
                p -> p.text(number.value()), JdbcNumberRepository::assignment));
    }

    @Override
    public void assign(NumberAssignment assignment) {
        String kind;
        UUID targetId;
        if (assignment.target() instanceof NumberTarget.ToAgent agent) {
            kind = "AGENT";
            targetId = agent.agentId();
        } else {
            kind = "GROUP";
            targetId = ((NumberTarget.ToGroup) assignment.target()).groupId();
        }
        try {
            assignRow(kind, targetId, assignment);
        } finally {
            byNumber.invalidate();
        }
        LOG.info("number assigned: number={} target={}:{}", assignment.number(), kind, targetId);
    }

    private void assignRow(String kind, UUID targetId, NumberAssignment assignment) {
        jdbc.inTransaction("assign number", tx -> {
            int updated = tx.update("UPDATE numbers SET target_kind = ?, target_id = ?, label = ? WHERE e164 = ?",
                    p -> p.text(kind).uuid(targetId).text(assignment.label()).text(assignment.number().value()));
            if (updated == 0) {
                tx.update("INSERT INTO numbers (target_kind, target_id, label, e164) VALUES (?, ?, ?, ?)",
                        p -> p.text(kind).uuid(targetId).text(assignment.label()).text(assignment.number().value()));
            }
            return null;
        });
    }

    @Override
    public boolean unassign(E164 number) {
        boolean removed;
        try {
            removed = jdbc.update("unassign number", "DELETE FROM numbers WHERE e164 = ?",
                    p -> p.text(number.value())) > 0;
        } finally {
            byNumber.invalidate();
        }
        if (removed) {
            LOG.info("number unassigned: number={}", number);
        }
        return removed;
    }

    @Override
    public List<Group> groups() {
        return jdbc.inTransaction("list groups", tx -> withMembers(tx,
                tx.list(SELECT_GROUP + " ORDER BY name", Transaction.NO_PARAMS, GroupRow::of)));
    }

    @Override
    public Optional<Group> findGroup(UUID id) {
        return groupsById.get(id, () -> jdbc.inTransaction("find group", tx -> withMembers(tx,
                tx.list(SELECT_GROUP + " WHERE id = ?", p -> p.uuid(id), GroupRow::of))).stream().findFirst());
    }

    @Override
    public Optional<Group> findGroupByName(String name) {
        return jdbc.inTransaction("find group", tx -> withMembers(tx,
                tx.list(SELECT_GROUP + " WHERE name = ?", p -> p.text(name), GroupRow::of))).stream().findFirst();
    }

    @Override
    public Group saveGroup(Group group) {
        if (group.name().isBlank() || group.name().length() > MAX_GROUP_NAME) {
            throw new IllegalArgumentException("group name must be 1 to " + MAX_GROUP_NAME + " characters");
        }
        try {
            jdbc.inTransaction("save group", tx -> write(tx, group));
        } catch (StoreException e) {
            if (e.isMissingReference()) {
                throw new IllegalArgumentException("group " + group.name() + " lists an agent that does not exist");
            }
            if (e.isUniqueViolation()) {
                throw new IllegalArgumentException("group " + group.name() + " lists an agent twice or its name is taken");
            }
            throw e;
        } finally {
            groupsById.invalidate();
        }
        LOG.info("group saved: group={} name={} members={}", group.id(), group.name(), group.members().size());
        return group;
    }

    private Void write(Transaction tx, Group group) throws SQLException {
        Optional<UUID> sameName = tx.one("SELECT id FROM groups WHERE name = ? AND id <> ?",
                p -> p.text(group.name()).uuid(group.id()), row -> row.uuid("id"));
        if (sameName.isPresent()) {
            throw new IllegalArgumentException("group name " + group.name() + " is already taken");
        }
        Transaction.Binder fields = p -> p.text(group.name()).text(group.strategy().name())
                .integer(seconds(group.ringTimeout())).bool(group.autoRecord())
                .integer(group.voicemailAfter().map(JdbcNumberRepository::seconds)).uuid(group.id());
        int updated = tx.update("UPDATE groups SET name = ?, strategy = ?, ring_timeout_seconds = ?, auto_record = ?,"
                + " voicemail_after_seconds = ? WHERE id = ?", fields);
        if (updated == 0) {
            tx.update("INSERT INTO groups (name, strategy, ring_timeout_seconds, auto_record, voicemail_after_seconds, id)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", fields);
        }
        tx.update("DELETE FROM group_members WHERE group_id = ?", p -> p.uuid(group.id()));
        for (int position = 0; position < group.members().size(); position++) {
            int at = position;
            tx.update("INSERT INTO group_members (group_id, agent_id, position) VALUES (?, ?, ?)",
                    p -> p.uuid(group.id()).uuid(group.members().get(at)).integer(at));
        }
        return null;
    }

    /** Whole seconds, rounded up so that a short positive timeout stays positive. */
    private static int seconds(Duration duration) {
        return Math.toIntExact((duration.toMillis() + 999) / 1000);
    }

    private static List<Group> withMembers(Transaction tx, List<GroupRow> rows) throws SQLException {
        Map<UUID, List<UUID>> members = new LinkedHashMap<>();
        for (GroupRow row : rows) {
            members.put(row.id(), new ArrayList<>());
        }
        if (!rows.isEmpty()) {
            Transaction.Binder ids = rows.size() == 1 ? p -> p.uuid(rows.get(0).id()) : Transaction.NO_PARAMS;
            String where = rows.size() == 1 ? " WHERE group_id = ?" : "";
            for (UUID[] member : tx.list("SELECT group_id, agent_id FROM group_members" + where
                    + " ORDER BY group_id, position", ids, row -> new UUID[] {row.uuid("group_id"), row.uuid("agent_id")})) {
                members.get(member[0]).add(member[1]);
            }
        }
        return rows.stream().map(row -> row.toGroup(members.get(row.id()))).toList();
    }

    private static NumberAssignment assignment(Row row) throws SQLException {
        UUID targetId = row.uuid("target_id");
        NumberTarget target = "AGENT".equals(row.text("target_kind"))
                ? new NumberTarget.ToAgent(targetId)
                : new NumberTarget.ToGroup(targetId);
        return new NumberAssignment(E164.of(row.text("e164")), target, row.text("label"));
    }

    /** A groups row before its members are read. */
    private record GroupRow(UUID id, String name, RingStrategy strategy, int ringTimeoutSeconds, boolean autoRecord,
            Optional<Integer> voicemailAfterSeconds) {
        static GroupRow of(Row row) throws SQLException {
            return new GroupRow(row.uuid("id"), row.text("name"), row.enumValue("strategy", RingStrategy.class),
                    row.integer("ring_timeout_seconds"), row.bool("auto_record"),
                    row.optionalInteger("voicemail_after_seconds"));
        }

        Group toGroup(List<UUID> members) {
            return new Group(id, name, strategy, members, Duration.ofSeconds(ringTimeoutSeconds), autoRecord,
                    voicemailAfterSeconds.map(Duration::ofSeconds));
        }
    }
}
