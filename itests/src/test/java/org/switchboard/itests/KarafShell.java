package org.switchboard.itests;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.KarafDistributionOption;

/**
 * The Karaf console over SSH, as an admin reaches it, for tests whose code runs outside the
 * container (Pax Exam server mode): a throw-away admin user is added to {@code etc/users.properties}
 * (which also means the distribution creates no first-start admin), or given user and password.
 */
final class KarafShell {
    private final String user;
    private final String password;
    private final int port;

    KarafShell(int port) {
        this(port, "itest", UUID.randomUUID().toString());
    }

    KarafShell(int port, String user, String password) {
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** The configuration that creates the admin user. */
    Option user() {
        return KarafDistributionOption.editConfigurationFilePut("etc/users.properties", user,
                password + ",admin,manager,viewer,systembundles,ssh");
    }

    /** Adds the same user to a distribution the test unpacked and runs itself. */
    void addUserTo(SwitchboardServer server) {
        server.configure("users.properties", user, password + ",admin,manager,viewer,systembundles,ssh");
    }

    /**
     * Runs a console command and returns what it printed; a refused login throws an
     * {@link org.apache.sshd.common.SshException}. One password attempt per call (password
     * method only), so a test can count the server's login failures.
     */
    String run(String command) throws Exception {
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.setUserAuthFactories(List.of(UserAuthPasswordFactory.INSTANCE));
            client.start();
            try (ClientSession session = client.connect(user, "127.0.0.1", port).verify(Duration.ofSeconds(10))
                    .getSession()) {
                session.addPasswordIdentity(password);
                session.auth().verify(Duration.ofSeconds(10));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (ClientChannel channel = session.createExecChannel(command)) {
                    channel.setOut(out);
                    channel.setErr(out);
                    channel.open().verify(Duration.ofSeconds(10));
                    channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(30));
                }
                return out.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
