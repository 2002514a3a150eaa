package org.switchboard.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.registration.SipCredentials;

class JdbcSipCredentialRepositoryTest {
    // python3: hashlib.md5(b"alice:switchboard.local:alice-secret").hexdigest(), and sha256
    private static final String ALICE_MD5 = "da869d797fa4b6f5026101e816a26c31";
    private static final String ALICE_SHA256 = "163511977e4fb5d9837153c8b86a0ece971ecdf2a4c8f5b86ed502db71da5144";

    @OnBothDatabases
    void creatingAnAgentStoresBothHa1ForTheRealm(TestDatabase db) {
        Agent alice = Fixtures.createAgent(db.dataSource(), "alice", "1001");
        JdbcSipCredentialRepository credentials = new JdbcSipCredentialRepository(db.dataSource(), Fixtures.REALM);

        assertThat(credentials.realm()).isEqualTo("switchboard.local");
        assertThat(credentials.find("alice"))
                .contains(new SipCredentials(alice.id(), "alice", "switchboard.local", ALICE_MD5, ALICE_SHA256));
        assertThat(credentials.find("bob")).isEmpty();
        assertThat(credentials.find("")).isEmpty();
    }

    @OnBothDatabases
    void digestUserNamesAreCaseSensitive(TestDatabase db) {
        Fixtures.createAgent(db.dataSource(), "alice", "1001");
        JdbcSipCredentialRepository credentials = new JdbcSipCredentialRepository(db.dataSource(), Fixtures.REALM);

        assertThat(credentials.find("Alice")).isEmpty();
    }

    @OnBothDatabases
    void settingThePasswordReplacesTheHa1(TestDatabase db) {
        JdbcAgentRepository agents = Fixtures.agents(db.dataSource());
        Agent alice = agents.create(Fixtures.newAgent("alice", "1001"));
        JdbcSipCredentialRepository credentials = new JdbcSipCredentialRepository(db.dataSource(), Fixtures.REALM);

        agents.setPassword(alice.id(), "a-new-secret".toCharArray());

        // python3: hashlib.md5(b"alice:switchboard.local:a-new-secret").hexdigest()
        SipCredentials changed = credentials.find("alice").orElseThrow();
        assertThat(changed.ha1Md5()).isEqualTo("860ad1c9c36ea032529bfee7354ce93d");
        assertThat(changed.ha1Sha256()).isNotEqualTo(ALICE_SHA256).hasSize(64);
    }

    @OnBothDatabases
    void settingThePasswordWritesCredentialsThatWereMissing(TestDatabase db) {
        // agents created before the V3 migration have no row until their password is set
        Agent alice = Fixtures.createAgent(db.dataSource(), "alice", "1001");
        new Jdbc(db.dataSource()).update("forget", "DELETE FROM sip_credentials", Transaction.NO_PARAMS);
        JdbcSipCredentialRepository credentials = new JdbcSipCredentialRepository(db.dataSource(), Fixtures.REALM);
        assertThat(credentials.find("alice")).isEmpty();

        Fixtures.agents(db.dataSource()).setPassword(alice.id(), "alice-secret".toCharArray());

        assertThat(credentials.find("alice")).map(SipCredentials::ha1Md5).contains(ALICE_MD5);
    }

    @OnBothDatabases
    void disabledAgentHasNoCredentials(TestDatabase db) {
        Agent alice = Fixtures.createAgent(db.dataSource(), "alice", "1001");
        new Jdbc(db.dataSource()).update("disable", "UPDATE agents SET enabled = FALSE WHERE id = ?",
                p -> p.uuid(alice.id()));

        assertThat(new JdbcSipCredentialRepository(db.dataSource(), Fixtures.REALM).find("alice")).isEmpty();
    }

    @OnBothDatabases
    void credentialsOfAnotherRealmAreNotReturned(TestDatabase db) {
        Fixtures.createAgent(db.dataSource(), "alice", "1001");

        JdbcSipCredentialRepository otherRealm = new JdbcSipCredentialRepository(db.dataSource(), "example.com");

        assertThat(otherRealm.find("alice")).isEmpty();
        JdbcAgentRepository agentsOfOtherRealm = new JdbcAgentRepository(db.dataSource(), Fixtures.TEST_BCRYPT_COST,
                "example.com", Clock.systemUTC());
        agentsOfOtherRealm.setPassword(agentsOfOtherRealm.findByUsername("alice").orElseThrow().id(),
                "alice-secret".toCharArray());
        assertThat(otherRealm.find("alice")).map(SipCredentials::realm).contains("example.com");
    }

    @OnBothDatabases
    void passwordIsNeverStoredInTheCredentials(TestDatabase db) {
        Agent alice = Fixtures.createAgent(db.dataSource(), "alice", "1001");

        String row = new Jdbc(db.dataSource()).one("read", "SELECT realm, ha1_md5, ha1_sha256 FROM sip_credentials"
                        + " WHERE agent_id = ?", p -> p.uuid(alice.id()),
                r -> r.text("realm") + r.text("ha1_md5") + r.text("ha1_sha256")).orElseThrow();

        assertThat(row).doesNotContain("alice-secret");
    }
}
