package org.switchboard.crm.salesforce.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.crm.CrmAgent;
import org.switchboard.testing.salesforce.SalesforceEmulator;

/**
 * The connector wired as the bundle wires it, against a seeded {@link SalesforceEmulator} and the
 * store's schema on H2. Agents alice and bob exist in Switchboard; neither is linked at first.
 */
final class EmulatedOrg implements AutoCloseable {
    static final String CLIENT_ID = "3MVG9switchboardTestApp";
    static final String CALLBACK = "http://localhost:8181/switchboard/crm-salesforce/oauth/callback";

    final SalesforceEmulator salesforce = SalesforceEmulator.start();
    final SalesforceEmulator.Demo demo = salesforce.seedDemo();
    final TestDatabase database = TestDatabase.h2();
    final KeyPair keys = SalesforceEmulator.newKeyPair();
    final Path privateKeyPem;
    final Path keyFile;
    final SalesforceSettings settings;
    final SalesforceWiring wiring;
    final AgentLinks links;
    final CrmAgent alice;
    final CrmAgent bob;

    EmulatedOrg(Path directory, Clock clock, Optional<String> clientSecret) throws Exception {
        privateKeyPem = directory.resolve("switchboard.key");
        Files.writeString(privateKeyPem, SalesforceEmulator.pem(keys.getPrivate()));
        keyFile = directory.resolve(TokenCipher.KEY_FILE_NAME);
        if (clientSecret.isPresent()) {
            salesforce.registerApp(CLIENT_ID, (RSAPublicKey) keys.getPublic(), clientSecret.get(), CALLBACK);
        } else {
            salesforce.registerApp(CLIENT_ID, (RSAPublicKey) keys.getPublic());
        }
        settings = SalesforceSettings.of(salesforce.url().toString(), CLIENT_ID, clientSecret.orElse(""),
                SalesforceEmulator.Demo.INTEGRATION_USERNAME, privateKeyPem.toString(), "62.0", CALLBACK, 1);
        wiring = new SalesforceWiring(settings, database.dataSource(), keyFile, clock);
        links = new AgentLinks(database.dataSource(), new TokenCipher(keyFile));
        alice = new CrmAgent(database.addAgent("alice"), "alice", "Alice");
        bob = new CrmAgent(database.addAgent("bob"), "bob", "Bob");
    }

    EmulatedOrg(Path directory) throws Exception {
        this(directory, Clock.systemDefaultZone(), Optional.empty());
    }

    SalesforceConnector connector() {
        return wiring.connector();
    }

    /** Links alice to her Salesforce user as "Connect" would, without the browser. */
    void linkAlice() {
        links.save(new AgentLink(alice.agentId(), demo.aliceUserId(), "Alice Agent", Clock.systemUTC().instant()), "unused");
    }

    int requests() {
        return salesforce.requestLog().size();
    }

    UUID agentId(String username) throws SQLException {
        return UUID.fromString(database.single("SELECT id FROM agents WHERE username = ?", username));
    }

    @Override
    public void close() {
        wiring.close();
        salesforce.close();
    }

    static Duration timeout() {
        return Duration.ofSeconds(1);
    }
}
