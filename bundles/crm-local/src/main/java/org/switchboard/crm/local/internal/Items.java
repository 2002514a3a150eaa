package org.switchboard.crm.local.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.crm.CrmItem;
import org.switchboard.api.crm.NewCrmItem;
import org.switchboard.api.crm.Relation;

/** Cases and opportunities (crm_cases, crm_opportunities), named and staged as in Salesforce. */
final class Items {
    static final String NEW_CASE_STATUS = "New";
    static final String CLOSED_CASE_STATUS = "Closed";
    static final String NEW_OPPORTUNITY_STAGE = "Prospecting";
    static final String CLOSED_WON = "Closed Won";
    static final String CLOSED_LOST = "Closed Lost";
    static final int MAX_SUBJECT = 255;
    static final int MAX_DESCRIPTION = 32_000;

    private final CrmDatabase database;
    private final Clock clock;

    Items(CrmDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    List<CrmItem> open(String contactId, Relation relation) {
        String sql = switch (relation) {
            case CASE -> "SELECT id, subject, status FROM crm_cases WHERE contact_id = ? AND status <> '"
                    + CLOSED_CASE_STATUS + "' ORDER BY created_at DESC, id";
            case OPPORTUNITY -> "SELECT id, name, stage FROM crm_opportunities WHERE contact_id = ? AND stage NOT IN ('"
                    + CLOSED_WON + "', '" + CLOSED_LOST + "') ORDER BY created_at DESC, id";
        };
        return database.read(c -> {
            List<CrmItem> items = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(sql)) {
                select.setString(1, contactId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        items.add(new CrmItem(rows.getString(1), relation, rows.getString(2), rows.getString(3), contactId));
                    }
                }
            }
            return items;
        });
    }

    CrmItem create(NewCrmItem item) {
        String subject = item.subject().strip();
        if (subject.length() > MAX_SUBJECT) {
            throw new IllegalArgumentException("subject is longer than " + MAX_SUBJECT + " characters");
        }
        if (item.description().length() > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("description is longer than " + MAX_DESCRIPTION + " characters");
        }
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        return database.inTransaction(c -> {
            Optional<String> account = Contacts.accountOf(c, item.contactId())
                    .orElseThrow(() -> new IllegalArgumentException("no contact " + item.contactId()));
            return switch (item.relation()) {
                case CASE -> {
                    insertCase(c, id, item.contactId(), subject, NEW_CASE_STATUS, item.description(), now);
                    yield new CrmItem(id, Relation.CASE, subject, NEW_CASE_STATUS, item.contactId());
                }
                case OPPORTUNITY -> {
                    insertOpportunity(c, id, item.contactId(), account, subject, NEW_OPPORTUNITY_STAGE, Optional.empty(), now);
                    yield new CrmItem(id, Relation.OPPORTUNITY, subject, NEW_OPPORTUNITY_STAGE, item.contactId());
                }
            };
        });
    }

    static void insertCase(Connection connection, String id, String contactId, String subject, String status,
            String description, Instant createdAt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO crm_cases"
                + " (id, contact_id, subject, status, description, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, contactId);
            insert.setString(3, subject);
            insert.setString(4, status);
            insert.setString(5, description);
            insert.setObject(6, CrmDatabase.utc(createdAt));
            insert.executeUpdate();
        }
    }

    static void insertOpportunity(Connection connection, String id, String contactId, Optional<String> accountId,
            String name, String stage, Optional<BigDecimal> amount, Instant createdAt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO crm_opportunities"
                + " (id, contact_id, account_id, name, stage, amount, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, contactId);
            insert.setString(3, accountId.orElse(null));
            insert.setString(4, name);
            insert.setString(5, stage);
            insert.setBigDecimal(6, amount.orElse(null));
            insert.setObject(7, CrmDatabase.utc(createdAt));
            insert.executeUpdate();
        }
    }
}
