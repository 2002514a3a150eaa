package org.switchboard.crm.local.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.crm.local.internal.NewContact.Phone;

/**
 * The demo contacts the docs and tests rely on (ARCHITECTURE.md, "Demo data"). Ids are fixed so
 * two nodes seeding one database at the same moment collide on a key instead of doubling the data.
 */
final class DemoData {
    static final String ACME = id("account/acme-corp");
    static final String HANAKO = id("contact/hanako-yamada");
    static final String TARO = id("contact/taro-sato");
    static final String JIRO = id("contact/jiro-sato");
    static final String ROUTER_CASE = id("case/router-keeps-rebooting");
    static final String FIBER_OPPORTUNITY = id("opportunity/acme-fiber-upgrade");

    private DemoData() {
    }

    /** Adds the demo data when there are no contacts yet; answers whether it did. */
    static boolean seedIfEmpty(Connection connection, PhoneNumbers phoneNumbers, Instant now) throws SQLException {
        if (!Contacts.isEmpty(connection)) {
            return false;
        }
        Contacts.insertAccount(connection, ACME, "Acme Corp");
        Contacts.insert(connection, new NewContact(HANAKO, Optional.of(ACME), "Hanako", "Yamada",
                Optional.of("hanako.yamada@acme.example"), Optional.of("IT Manager"),
                List.of(new Phone("+15551230001", "WORK"))), phoneNumbers);
        Contacts.insert(connection, new NewContact(TARO, Optional.empty(), "Taro", "Sato",
                Optional.of("taro.sato@example.com"), Optional.empty(),
                List.of(new Phone("+15551230002", "HOME"))), phoneNumbers);
        Contacts.insert(connection, new NewContact(JIRO, Optional.empty(), "Jiro", "Sato",
                Optional.of("jiro.sato@example.com"), Optional.empty(),
                List.of(new Phone("+15551230002", "HOME"))), phoneNumbers);
        Items.insertCase(connection, ROUTER_CASE, HANAKO, "Router keeps rebooting", Items.NEW_CASE_STATUS,
                "The office router restarts every few minutes since the last firmware update.", now);
        Items.insertOpportunity(connection, FIBER_OPPORTUNITY, HANAKO, Optional.of(ACME), "Acme fiber upgrade",
                "Qualification", Optional.of(new BigDecimal("12000.00")), now);
        return true;
    }

    private static String id(String name) {
        return UUID.nameUUIDFromBytes(("switchboard-demo/" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
