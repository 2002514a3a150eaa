package org.switchboard.crm.local.internal.pages;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.switchboard.crm.local.internal.pages.Views.AccountSummary;
import org.switchboard.crm.local.internal.pages.Views.CaseSummary;
import org.switchboard.crm.local.internal.pages.Views.ContactSummary;
import org.switchboard.crm.local.internal.pages.Views.Link;
import org.switchboard.crm.local.internal.pages.Views.OpportunitySummary;
import org.switchboard.crm.local.internal.pages.Views.Phone;
import org.switchboard.crm.local.internal.pages.Views.TaskSummary;

/**
 * The local CRM's records with their related lists, read with plain JDBC from the tables of
 * {@code V2__local_crm.sql}. Read-only: the connector owns every write.
 */
final class CrmRecords {
    static final int MAX_ACTIVITIES = 100;
    static final int MAX_RECENT = 20;
    static final int MAX_FOUND = 25;
    private static final List<String> CLOSED_STAGES = List.of("Closed Won", "Closed Lost");
    private static final String CLOSED_STATUS = "Closed";
    private static final String NAME = "(c.first_name || ' ' || c.last_name)";
    private static final String CONTACTS = "SELECT c.id, c.first_name, c.last_name, c.title, c.email, c.account_id,"
            + " a.name AS account_name FROM crm_contacts c LEFT JOIN crm_accounts a ON a.id = c.account_id";
    private static final String CASES = "SELECT k.id, k.subject, k.status, k.created_at, k.contact_id, c.first_name,"
            + " c.last_name FROM crm_cases k JOIN crm_contacts c ON c.id = k.contact_id";
    private static final String OPPORTUNITIES = "SELECT o.id, o.name, o.stage, o.amount, o.created_at, o.contact_id,"
            + " c.first_name, c.last_name FROM crm_opportunities o JOIN crm_contacts c ON c.id = o.contact_id";
    /** WhoId and WhatId have no foreign key: a reference to a missing record comes back without a name. */
    private static final String TASKS = "SELECT t.id, t.subject, t.call_type, t.call_duration_seconds, t.disposition,"
            + " t.created_at, t.contact_id, c.first_name, c.last_name, t.what_id, k.subject AS case_subject,"
            + " o.name AS opportunity_name FROM crm_tasks t LEFT JOIN crm_contacts c ON c.id = t.contact_id"
            + " LEFT JOIN crm_cases k ON k.id = t.what_id LEFT JOIN crm_opportunities o ON o.id = t.what_id";
    private static final String NEWEST_FIRST = " ORDER BY t.created_at DESC, t.id LIMIT ?";

    private final DataSource dataSource;

    CrmRecords(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T read(Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        }
    }

    Optional<Views.Contact> contact(String id) throws SQLException {
        return read(c -> {
            Optional<Row> found = first(c, CONTACTS + " WHERE c.id = ?", List.of(id));
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Row row = found.get();
            String name = fullName(row.text("first_name"), row.text("last_name"));
            return Optional.of(new Views.Contact("contact", id, name, row.text("first_name"), row.text("last_name"),
                    row.text("title"), row.text("email"), accountLink(row), phones(c, List.of(id)).getOrDefault(id, List.of()),
                    cases(c, " WHERE k.contact_id = ?", List.of(id)),
                    opportunities(c, " WHERE o.contact_id = ?", List.of(id)),
                    tasks(c, " WHERE t.contact_id = ?", List.of(id), MAX_ACTIVITIES), Paths.page("contact", id)));
        });
    }

    Optional<Views.Account> account(String id) throws SQLException {
        return read(c -> {
            Optional<Row> found = first(c, "SELECT id, name FROM crm_accounts WHERE id = ?", List.of(id));
            if (found.isEmpty()) {
                return Optional.empty();
            }
            List<ContactSummary> contacts = contacts(c, CONTACTS + " WHERE c.account_id = ? ORDER BY LOWER" + NAME + ", c.id",
                    List.of(id));
            return Optional.of(new Views.Account("account", id, found.get().text("name"), contacts,
                    cases(c, " WHERE c.account_id = ?", List.of(id)),
                    opportunities(c, " WHERE o.account_id = ? OR (o.account_id IS NULL AND c.account_id = ?)", List.of(id, id)),
                    Paths.page("account", id)));
        });
    }

    Optional<Views.Case> caseRecord(String id) throws SQLException {
        return read(c -> {
            Optional<Row> found = first(c, "SELECT k.id, k.subject, k.status, k.description, k.created_at, k.contact_id,"
                    + " c.first_name, c.last_name, c.account_id, a.name AS account_name FROM crm_cases k"
                    + " JOIN crm_contacts c ON c.id = k.contact_id LEFT JOIN crm_accounts a ON a.id = c.account_id"
                    + " WHERE k.id = ?", List.of(id));
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Row row = found.get();
            String status = row.text("status");
            return Optional.of(new Views.Case("case", id, row.text("subject"), status, CLOSED_STATUS.equals(status),
                    row.text("description"), row.time("created_at"), contactLink(row), accountLink(row),
                    tasks(c, " WHERE t.what_id = ?", List.of(id), MAX_ACTIVITIES), Paths.page("case", id)));
        });
    }

    Optional<Views.Opportunity> opportunity(String id) throws SQLException {
        return read(c -> {
            Optional<Row> found = first(c, "SELECT o.id, o.name, o.stage, o.amount, o.created_at, o.contact_id,"
                    + " c.first_name, c.last_name, COALESCE(o.account_id, c.account_id) AS account_id, a.name AS account_name"
                    + " FROM crm_opportunities o JOIN crm_contacts c ON c.id = o.contact_id"
                    + " LEFT JOIN crm_accounts a ON a.id = COALESCE(o.account_id, c.account_id) WHERE o.id = ?", List.of(id));
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Row row = found.get();
            String stage = row.text("stage");
            return Optional.of(new Views.Opportunity("opportunity", id, row.text("name"), stage,
                    CLOSED_STAGES.contains(stage), row.decimal("amount"), row.time("created_at"), contactLink(row),
                    accountLink(row), tasks(c, " WHERE t.what_id = ?", List.of(id), MAX_ACTIVITIES),
                    Paths.page("opportunity", id)));
        });
    }

    /** A task's row; {@link TaskPage} turns it into the page's view. */
    Optional<TaskRow> task(String id) throws SQLException {
        return read(c -> {
            Optional<Row> found = first(c, "SELECT t.id, t.call_id, t.subject, t.description, t.call_type,"
                    + " t.call_duration_seconds, t.disposition, t.agent_id, t.created_at, t.updated_at, t.contact_id,"
                    + " c.first_name, c.last_name, t.what_id, k.subject AS case_subject, o.name AS opportunity_name"
                    + " FROM crm_tasks t LEFT JOIN crm_contacts c ON c.id = t.contact_id"
                    + " LEFT JOIN crm_cases k ON k.id = t.what_id LEFT JOIN crm_opportunities o ON o.id = t.what_id"
                    + " WHERE t.id = ?", List.of(id));
            return found.map(row -> new TaskRow(id, row.text("call_id"), row.text("subject"), row.text("description"),
                    row.text("call_type"), row.integer("call_duration_seconds"), row.text("disposition"),
                    Optional.ofNullable(row.text("agent_id")), row.time("created_at"), row.time("updated_at"),
                    whoLink(row), whatLink(row)));
        });
    }

    record TaskRow(String id, String callId, String subject, String description, String callType, int durationSeconds,
            String disposition, Optional<String> agentId, String createdAt, String updatedAt, Link who, Link what) {}

    List<TaskSummary> recentTasks() throws SQLException {
        return read(c -> tasks(c, "", List.of(), MAX_RECENT));
    }

    /** Contacts whose name (either order), account or phone number contains the text, ignoring case. */
    List<ContactSummary> findContacts(String text) throws SQLException {
        String pattern = likePattern(text);
        List<Object> parameters = new ArrayList<>(List.of(pattern, pattern, pattern));
        StringBuilder where = new StringBuilder(" WHERE LOWER" + NAME + " LIKE ? ESCAPE '!'"
                + " OR LOWER(c.last_name || ' ' || c.first_name) LIKE ? ESCAPE '!' OR LOWER(a.name) LIKE ? ESCAPE '!'");
        String digits = text.replaceAll("[^0-9]", "");
        if (digits.length() >= 3 && text.matches("[0-9+()./ \\-]+")) {
            where.append(" OR c.id IN (SELECT contact_id FROM crm_contact_phones WHERE e164 LIKE ?)");
            parameters.add("%" + digits + "%");
        }
        parameters.add(MAX_FOUND);
        return read(c -> contacts(c, CONTACTS + where + " ORDER BY LOWER" + NAME + ", c.id LIMIT ?", parameters));
    }

    List<AccountSummary> findAccounts(String text) throws SQLException {
        return read(c -> {
            List<AccountSummary> accounts = new ArrayList<>();
            for (Row row : rows(c, "SELECT a.id, a.name, (SELECT COUNT(*) FROM crm_contacts c WHERE c.account_id = a.id)"
                    + " AS contacts FROM crm_accounts a WHERE LOWER(a.name) LIKE ? ESCAPE '!' ORDER BY LOWER(a.name), a.id"
                    + " LIMIT ?", List.of(likePattern(text), MAX_FOUND))) {
                String id = row.text("id");
                accounts.add(new AccountSummary(id, row.text("name"), row.integer("contacts"), Paths.page("account", id)));
            }
            return accounts;
        });
    }

    // ---- related lists ----------------------------------------------------------------------------

    private static List<ContactSummary> contacts(Connection c, String sql, List<Object> parameters) throws SQLException {
        List<Row> rows = rows(c, sql, parameters);
        Map<String, List<Phone>> phones = phones(c, rows.stream().map(row -> row.text("id")).toList());
        List<ContactSummary> contacts = new ArrayList<>();
        for (Row row : rows) {
            String id = row.text("id");
            contacts.add(new ContactSummary(id, fullName(row.text("first_name"), row.text("last_name")), row.text("title"),
                    row.text("email"), accountLink(row), phones.getOrDefault(id, List.of()), Paths.page("contact", id)));
        }
        return contacts;
    }

    private static Map<String, List<Phone>> phones(Connection c, Collection<String> contactIds) throws SQLException {
        if (contactIds.isEmpty()) {
            return Map.of();
        }
        String marks = String.join(", ", Collections.nCopies(contactIds.size(), "?"));
        Map<String, List<Phone>> phones = new LinkedHashMap<>();
        for (Row row : rows(c, "SELECT contact_id, e164, kind FROM crm_contact_phones WHERE contact_id IN (" + marks + ")"
                + " ORDER BY e164", List.copyOf(contactIds))) {
            phones.computeIfAbsent(row.text("contact_id"), id -> new ArrayList<>())
                    .add(new Phone(row.text("e164"), row.text("kind")));
        }
        return phones;
    }

    /** Open ones first, each group newest first. */
    private static List<CaseSummary> cases(Connection c, String where, List<Object> parameters) throws SQLException {
        return mapped(rows(c, CASES + where + " ORDER BY CASE WHEN k.status = '" + CLOSED_STATUS + "' THEN 1 ELSE 0 END,"
                + " k.created_at DESC, k.id", parameters), row -> {
                    String id = row.text("id");
                    return new CaseSummary(id, row.text("subject"), row.text("status"),
                            CLOSED_STATUS.equals(row.text("status")), row.time("created_at"), contactLink(row),
                            Paths.page("case", id));
                });
    }

    private static List<OpportunitySummary> opportunities(Connection c, String where, List<Object> parameters)
            throws SQLException {
        return mapped(rows(c, OPPORTUNITIES + where + " ORDER BY CASE WHEN o.stage IN ('Closed Won', 'Closed Lost')"
                + " THEN 1 ELSE 0 END, o.created_at DESC, o.id", parameters), row -> {
                    String id = row.text("id");
                    return new OpportunitySummary(id, row.text("name"), row.text("stage"),
                            CLOSED_STAGES.contains(row.text("stage")), row.decimal("amount"), row.time("created_at"),
                            contactLink(row), Paths.page("opportunity", id));
                });
    }

    private static List<TaskSummary> tasks(Connection c, String where, List<Object> parameters, int limit)
            throws SQLException {
        List<Object> withLimit = new ArrayList<>(parameters);
        withLimit.add(limit);
        return mapped(rows(c, TASKS + where + NEWEST_FIRST, withLimit), row -> {
            String id = row.text("id");
            return new TaskSummary(id, row.text("subject"), callType(row.text("call_type")),
                    row.integer("call_duration_seconds"), row.text("disposition"), row.time("created_at"), whoLink(row),
                    whatLink(row), Paths.page("task", id));
        });
    }

    // ---- links ------------------------------------------------------------------------------------

    private static Link accountLink(Row row) {
        String id = row.text("account_id");
        return id == null ? null : Link.to("account", id, row.text("account_name"));
    }

    private static Link contactLink(Row row) {
        return Link.to("contact", row.text("contact_id"), fullName(row.text("first_name"), row.text("last_name")));
    }

    private static Link whoLink(Row row) {
        String id = row.text("contact_id");
        return id == null ? null : Link.to("contact", id, fullName(row.text("first_name"), row.text("last_name")));
    }

    /** WhatId names a case or an opportunity; one whose record is gone keeps its id and no name. */
    private static Link whatLink(Row row) {
        String id = row.text("what_id");
        if (id == null) {
            return null;
        }
        if (row.text("case_subject") != null) {
            return Link.to("case", id, row.text("case_subject"));
        }
        if (row.text("opportunity_name") != null) {
            return Link.to("opportunity", id, row.text("opportunity_name"));
        }
        return new Link(null, id, null, null);
    }

    /** Salesforce's CallType spelling: INBOUND → Inbound. */
    static String callType(String stored) {
        return stored == null || stored.isEmpty() ? stored
                : stored.charAt(0) + stored.substring(1).toLowerCase(Locale.ROOT);
    }

    private static String fullName(String first, String last) {
        if (first == null && last == null) {
            return null;
        }
        return ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
    }

    private static String likePattern(String text) {
        String escaped = text.strip().toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return "%" + escaped + "%";
    }

    // ---- rows -------------------------------------------------------------------------------------

    /** One result row by lower-case column label, read eagerly so the connection can close. */
    private record Row(Map<String, Object> values) {
        String text(String column) {
            Object value = values.get(column);
            return value == null ? null : value.toString();
        }

        int integer(String column) {
            Object value = values.get(column);
            return value == null ? 0 : ((Number) value).intValue();
        }

        BigDecimal decimal(String column) {
            Object value = values.get(column);
            return value == null ? null : value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
        }

        /** ISO-8601 in UTC, as the page reads it. */
        String time(String column) {
            Object value = values.get(column);
            return value == null ? null : ((OffsetDateTime) value).toInstant().toString();
        }
    }

    private static Optional<Row> first(Connection c, String sql, List<Object> parameters) throws SQLException {
        return rows(c, sql, parameters).stream().findFirst();
    }

    private static List<Row> rows(Connection c, String sql, List<Object> parameters) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet result = select.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                List<Row> rows = new ArrayList<>();
                while (result.next()) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (int i = 1; i <= columns; i++) {
                        String label = result.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT);
                        boolean timestamp = label.endsWith("_at");
                        values.put(label, timestamp ? result.getObject(i, OffsetDateTime.class) : result.getObject(i));
                    }
                    rows.add(new Row(values));
                }
                return rows;
            }
        }
    }

    private static <T> List<T> mapped(List<Row> rows, Function<Row, T> mapping) {
        return rows.stream().map(mapping).toList();
    }
}
