package org.switchboard.crm.salesforce.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.api.crm.CrmUnavailableException;
import org.switchboard.api.health.HealthStatus;
import org.switchboard.api.number.E164;
import org.switchboard.testing.salesforce.SalesforceEmulator.Failure;

class SalesforceHealthTest {
    @TempDir
    Path directory;

    private EmulatedOrg org;

    @BeforeEach
    void start() throws Exception {
        org = new EmulatedOrg(directory);
    }

    @AfterEach
    void stop() {
        org.close();
    }

    @Test
    void upOnceSignedInDownWhileRequestsFail() {
        assertThat(waitForSignIn().detail()).isEqualTo("signed in to " + org.salesforce.url() + " as integration@switchboard.test");

        org.salesforce.failNext(1, Failure.SERVER_ERROR_HTML);
        assertThatThrownBy(() -> org.connector().findByPhone(org.bob, E164.of("+15551230001")))
                .isInstanceOf(CrmUnavailableException.class);
        assertThat(org.wiring.health().status()).isEqualTo(HealthStatus.DOWN);
        assertThat(org.wiring.health().detail()).startsWith("last request failed: GET search: HTTP 500");

        org.connector().findByPhone(org.bob, E164.of("+15551230001"));
        assertThat(org.wiring.health().status()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void downWithSalesforcesReasonWhenTheIntegrationUserGetsNoToken() {
        SalesforceSettings unknownApp = SalesforceSettings.of(org.salesforce.url().toString(), "3MVG9unknown", "",
                "integration@switchboard.test", org.privateKeyPem.toString(), "62.0", EmulatedOrg.CALLBACK, 1);
        try (SalesforceWiring wiring = new SalesforceWiring(unknownApp, org.database.dataSource(), org.keyFile, Clock.systemUTC())) {
            var health = waitFor(wiring);
            assertThat(health.status()).isEqualTo(HealthStatus.DOWN);
            assertThat(health.detail()).startsWith("no access token:").contains("refused the JWT bearer grant");
        }
    }

    private org.switchboard.api.health.Health waitForSignIn() {
        return waitFor(org.wiring);
    }

    /** The first check may answer "took longer" while the sign-in runs on; it finishes within the request timeout. */
    private static org.switchboard.api.health.Health waitFor(SalesforceWiring wiring) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        var health = wiring.health();
        while (health.detail().startsWith("signing in") && System.nanoTime() < deadline) {
            health = wiring.health();
        }
        return health;
    }
}
