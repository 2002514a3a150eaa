package org.switchboard.crm.local.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.switchboard.api.crm.CrmContact;
import org.switchboard.api.crm.CrmObject;
import org.switchboard.api.number.E164;

/** Contacts, their account and their phone numbers (crm_contacts, crm_accounts, crm_contact_phones). */
final class Contacts {
    private static final String SELECT = "SELECT c.id, c.first_name, c.last_name, c.email, c.title, a.name AS account_name"
            + " FROM crm_contacts c LEFT JOIN crm_accounts a ON a.id = c.account_id";
    private static final String FULL_NAME = "LOWER(c.first_name || ' ' || c.last_name)";
    private static final String BY_NAME = " ORDER BY " + FULL_NAME + ", c.id";
    /** Only digits and the punctuation people put into numbers: such a query also searches phones. */
    private static final Pattern PHONE_LIKE = Pattern.compile("[0-9+()./ \\-]*[0-9][0-9+()./ \\-]*");

    private final CrmDatabase database;

    Contacts(CrmDatabase database) {
        this.database = database;
    }

    List<CrmContact> withPhone(E164 number) {
        return database.read(c -> query(c,
                SELECT + " WHERE c.id IN (SELECT contact_id FROM crm_contact_phones WHERE e164 = ?)" + BY_NAME,
                List.of(number.value())));
    }

    Optional<CrmContact> find(String id) {
        return database.read(c -> query(c, SELECT + " WHERE c.id = ?", List.of(id))).stream().findFirst();
    }

    /**
     * Contacts whose full name (either order) or account contains {@code text}, ignoring case, or —
     * when the text looks like a phone number — whose number contains its digits or equals it once
     * normalised. A blank text lists the first contacts by name, so the directory is never empty.
     */
    List<CrmContact> search(String text, int limit, PhoneNumbers phoneNumbers) {
        String q = text == null ? "" : text.strip();
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder(SELECT);
        if (!q.isEmpty()) {
            String pattern = "%" + escapeLike(q.toLowerCase(Locale.ROOT)) + "%";
            sql.append(" WHERE ").append(FULL_NAME).append(" LIKE ? ESCAPE '!'")
                    .append(" OR LOWER(c.last_name || ' ' || c.first_name) LIKE ? ESCAPE '!'")
                    .append(" OR LOWER(a.name) LIKE ? ESCAPE '!'");
            parameters.addAll(List.of(pattern, pattern, pattern));
            if (PHONE_LIKE.matcher(q).matches()) {
                String digits = q.replaceAll("[^0-9]", "");
                String normalised = phoneNumbers.parse(q).map(E164::value).orElse("");
                sql.append(" OR c.id IN (SELECT contact_id FROM crm_contact_phones WHERE e164 LIKE ? OR e164 = ?)");
                parameters.addAll(List.of("%" + digits + "%", normalised));
            }
        }
        sql.append(BY_NAME).append(" LIMIT ?");
        parameters.add(limit);
        return database.read(c -> query(c, sql.toString(), parameters));
    }

    static void insertAccount(Connection connection, String id, String name) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO crm_accounts (id, name) VALUES (?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, name);
            insert.executeUpdate();
        }
    }

    static void insert(Connection connection, NewContact contact, PhoneNumbers phoneNumbers) throws SQLException {
        // Normalise before writing anything, so a bad number leaves no half-stored contact.
        Map<E164, String> phones = new LinkedHashMap<>();
        contact.phones().forEach(phone -> phones.putIfAbsent(phoneNumbers.toE164(phone.number()), phone.kind()));
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO crm_contacts (id, account_id, first_name, last_name, email, title) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, contact.id());
            insert.setString(2, contact.accountId().orElse(null));
            insert.setString(3, contact.firstName());
            insert.setString(4, contact.lastName());
            insert.setString(5, contact.email().orElse(null));
            insert.setString(6, contact.title().orElse(null));
            insert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO crm_contact_phones (contact_id, e164, kind) VALUES (?, ?, ?)")) {
            for (Map.Entry<E164, String> phone : phones.entrySet()) {
                insert.setString(1, contact.id());
                insert.setString(2, phone.getKey().value());
                insert.setString(3, phone.getValue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    static boolean isEmpty(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM crm_contacts LIMIT 1");
                ResultSet rows = select.executeQuery()) {
            return !rows.next();
        }
    }

    /** The contact's account id: empty when there is no such contact, empty inside when it has no account. */
    static Optional<Optional<String>> accountOf(Connection connection, String contactId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT account_id FROM crm_contacts WHERE id = ?")) {
            select.setString(1, contactId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(Optional.ofNullable(rows.getString(1))) : Optional.empty();
            }
        }
    }

    private static List<CrmContact> query(Connection connection, String sql, List<Object> parameters) throws SQLException {
        Map<String, Row> rows = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    Row row = new Row(result.getString("id"), result.getString("first_name"), result.getString("last_name"),
                            result.getString("account_name"), result.getString("email"), result.getString("title"));
                    rows.put(row.id(), row);
                }
            }
        }
        Map<String, List<E164>> phones = phonesOf(connection, rows.keySet());
        return rows.values().stream().map(row -> row.toContact(phones.getOrDefault(row.id(), List.of()))).toList();
    }

    private static Map<String, List<E164>> phonesOf(Connection connection, Set<String> contactIds) throws SQLException {
        if (contactIds.isEmpty()) {
            return Map.of();
        }
        String marks = String.join(", ", Collections.nCopies(contactIds.size(), "?"));
        Map<String, List<E164>> phones = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT contact_id, e164 FROM crm_contact_phones WHERE contact_id IN (" + marks + ") ORDER BY e164")) {
            int i = 1;
            for (String id : contactIds) {
                select.setString(i++, id);
            }
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    phones.computeIfAbsent(result.getString(1), id -> new ArrayList<>()).add(E164.of(result.getString(2)));
                }
            }
        }
        return phones;
    }

    private static String escapeLike(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private record Row(String id, String firstName, String lastName, String account, String email, String title) {
        CrmContact toContact(List<E164> phones) {
            String name = (firstName + " " + lastName).strip();
            return new CrmContact(CrmObject.CONTACT, id, name, Optional.ofNullable(account), phones, Optional.ofNullable(email),
                    Optional.ofNullable(title));
        }
    }
}
