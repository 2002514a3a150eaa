package org.switchboard.crm.local.internal;

import org.switchboard.testing.UnreachableDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.switchboard.crm.local.internal.LocalCrmContract.AGENT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.Disposition;
import org.switchboard.api.crm.CrmUnavailableException;
import org.switchboard.api.crm.NewCrmItem;
import org.switchboard.api.crm.Relation;
import org.switchboard.api.health.Health;
import org.switchboard.api.health.HealthStatus;
import org.switchboard.api.number.E164;

class DatabaseDownTest {
    private static final Settings DEFAULTS = Settings.of("US", true, "/switchboard/crm");

    private final LocalCrmConnector crm = new LocalCrmConnector(new UnreachableDataSource(), DEFAULTS, Clock.systemUTC());

    @Test
    void everyLookupReportsTheCrmUnavailableSoCallersRetryLater() {
        assertThatThrownBy(() -> crm.findByPhone(AGENT, E164.of("+15551230001"))).isInstanceOf(CrmUnavailableException.class);
        assertThatThrownBy(() -> crm.contactDetails(AGENT, "c1")).isInstanceOf(CrmUnavailableException.class);
        assertThatThrownBy(() -> crm.openItems(AGENT, "c1", Relation.CASE)).isInstanceOf(CrmUnavailableException.class);
        assertThatThrownBy(() -> crm.searchDirectory(AGENT, "sato", 5)).isInstanceOf(CrmUnavailableException.class);
        assertThatThrownBy(() -> crm.createItem(AGENT, new NewCrmItem(Relation.CASE, "c1", "Subject", "")))
                .isInstanceOf(CrmUnavailableException.class);
    }

    @Test
    void loggingACallDuringAnOutageFailsWithTheReason() {
        Instant start = Instant.parse("2025-03-01T08:55:00Z");
        CallLog log = new CallLog(UUID.randomUUID(), CallDirection.OUTBOUND, "+15550101", "+15551230001", Optional.empty(),
                start, Optional.empty(), start.plusSeconds(20), Duration.ZERO, Disposition.MISSED, "", "", Optional.empty(),
                Optional.empty(), List.of());

        assertThatThrownBy(() -> crm.logCall(log, Optional.empty()))
                .isInstanceOf(CrmUnavailableException.class)
                .hasMessageContaining("database host is down");
    }

    @Test
    void badArgumentsAreStillRejectedAsBadArguments() {
        assertThatThrownBy(() -> crm.searchDirectory(AGENT, "sato", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> crm.openItems(AGENT, "", Relation.CASE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void healthIsDownWithAShortReasonWhenTheDatabaseRefuses() {
        LocalCrmHealth health = new LocalCrmHealth(new UnreachableDataSource(), Duration.ofSeconds(5));
        try {
            Health report = health.check();

            assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
            assertThat(report.detail()).isEqualTo("database unavailable: Connection refused: database host is down");
        } finally {
            health.deactivate();
        }
    }

    @Test
    void healthIsDownWhenTheDatabaseDoesNotAnswerInTime() {
        CountDownLatch answer = new CountDownLatch(1);
        LocalCrmHealth health = new LocalCrmHealth(new UnreachableDataSource(answer), Duration.ofMillis(50));
        try {
            Health report = health.check();

            assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
            assertThat(report.detail()).isEqualTo("database did not answer within 50 ms");
        } finally {
            answer.countDown();
            health.deactivate();
        }
    }
}
