package org.switchboard.store.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.NewAgent;
import org.switchboard.api.agent.Role;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.Disposition;
import org.switchboard.api.number.E164;

/** Test data shared by the repository tests. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
    /** The cheapest bcrypt cost keeps tests fast; production uses the configured one. */
    static final int TEST_BCRYPT_COST = 4;
    static final String REALM = "switchboard.local";

    private Fixtures() {}

    static JdbcAgentRepository agents(DataSource dataSource) {
        return new JdbcAgentRepository(dataSource, TEST_BCRYPT_COST, REALM, Clock.systemUTC());
    }

    static NewAgent newAgent(String username, String extension) {
        return new NewAgent(username, capitalized(username), extension, Optional.empty(), Role.AGENT,
                (username + "-secret").toCharArray());
    }

    static NewAgent newAgent(String username, String extension, String did) {
        return new NewAgent(username, capitalized(username), extension, Optional.of(E164.of(did)), Role.AGENT,
                (username + "-secret").toCharArray());
    }

    static Agent createAgent(DataSource dataSource, String username, String extension) {
        return agents(dataSource).create(newAgent(username, extension));
    }

    static CallLog answeredCall(UUID id, Optional<UUID> agentId, Instant startedAt) {
        return new CallLog(id, CallDirection.INBOUND, "+15551230001", "+15550100", agentId, startedAt,
                Optional.of(startedAt.plusSeconds(5)), startedAt.plusSeconds(65), Duration.ofSeconds(60),
                Disposition.ANSWERED, "Inbound call", "", Optional.empty(), Optional.empty(), List.of());
    }

    private static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
