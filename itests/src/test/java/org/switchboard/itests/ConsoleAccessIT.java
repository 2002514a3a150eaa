package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.SshException;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * The SSH console as a new admin meets it: the real distribution started with {@code bin/karaf
 * server} on a fresh folder (no console user shipped), the generated password read from the
 * owner-only file, real SSH clients (Apache MINA SSHD with the password, OpenSSH with a key),
 * wrong passwords throttled, and a restart that keeps the admin and tells nobody again.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ConsoleAccessIT {
    private static final int HTTP_PORT = SwitchboardTestSupport.freePort();
    private static final int SSH_PORT = SwitchboardTestSupport.freePort();
    /** Lower than the shipped 5 so the test stays short; the same key locks REST logins. */
    private static final int MAX_FAILED = 3;
    private static final Pattern TOLD = Pattern.compile("created the console admin: user 'admin', password (\\S+)");

    private static SwitchboardServer server;
    private static String password;

    @BeforeClass
    public static void firstStart() throws Exception {
        server = SwitchboardServer.unpack(ConsoleAccessIT.class, HTTP_PORT);
        server.configure("org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(HTTP_PORT))
                .configure("org.apache.karaf.shell.cfg", "sshPort", String.valueOf(SSH_PORT))
                .configure("org.switchboard.webrtc.cfg", "port", String.valueOf(SwitchboardTestSupport.freePort()))
                .configure("org.switchboard.sip.cfg", Map.of("port", String.valueOf(SwitchboardTestSupport.freePort()),
                        "tlsPort", String.valueOf(SwitchboardTestSupport.freePort())))
                .configure("org.switchboard.core.agents.cfg", "maxFailedLogins", String.valueOf(MAX_FAILED));
        assertFalse("the distribution ships no console user", Pattern.compile("(?m)^[A-Za-z][^=#]*=")
                .matcher(Files.readString(server.home().resolve("etc/users.properties"))).find());
        server.start();
    }

    @AfterClass
    public static void stop() throws Exception {
        if (server != null) {
            server.destroy();
        }
    }

    @Test
    public void step1_firstStartTellsThePasswordOnceOnTheConsoleAndInAnOwnerOnlyFile() throws Exception {
        Path file = server.home().resolve("etc/admin-password.txt");
        assertTrue("no " + file + "; console: " + server.tail("console.out"), Files.isRegularFile(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Matcher line = Pattern.compile("(?m)^password: (\\S+)$").matcher(Files.readString(file));
        assertTrue(Files.readString(file), line.find());
        password = line.group(1);
        assertTrue("a generated, strong password: " + password.length(), password.length() >= 20);

        Matcher told = TOLD.matcher(Files.readString(server.home().resolve("console.out")));
        assertTrue("told on the console: " + server.tail("console.out"), told.find());
        assertEquals(password, told.group(1));

        String users = Files.readString(server.home().resolve("etc/users.properties"));
        assertTrue(users, users.matches("(?s).*\\badmin = \\{CRYPT\\}\\$2a\\$10\\$.+\\{CRYPT\\},admin,.*"));
        assertFalse("no clear password in users.properties", users.contains(password));
        assertFalse("no secret in the log", Files.readString(server.home().resolve("data/log/karaf.log")).contains(password));
    }

    @Test
    public void step2_theAdminRunsSbStatusOverSshWithThePassword() throws Exception {
        String status = new KarafShell(SSH_PORT, "admin", password).run("sb:status");
        assertTrue(status, status.matches("(?s).*store\\s*\\|\\s*UP.*"));
        assertTrue(status, status.contains("agents"));
    }

    @Test
    public void step3_aPublicKeyInKeysPropertiesLogsInWithOpenSsh() throws Exception {
        String out = openSsh("sb:agents");
        assertTrue(out, out.matches("(?s).*alice\\s*\\|\\s*Alice Anderson.*"));
    }

    @Test
    public void step4_wrongPasswordsLockTheUserEvenForTheRightPassword() throws Exception {
        for (int i = 0; i < MAX_FAILED; i++) {
            assertRefused(new KarafShell(SSH_PORT, "admin", "wrong-" + i));
        }
        assertRefused(new KarafShell(SSH_PORT, "admin", password));
        List<String> refusals = server.logLines(Pattern.compile("SSH login of 'admin' .*(locked|refused)"));
        assertTrue(server.tail("data/log/karaf.log"), refusals.stream().anyMatch(l -> l.contains("refused: locked until")));
        assertTrue(refusals.toString(), refusals.stream().noneMatch(l -> l.contains("wrong-") || l.contains(password)));
        // the lock is on passwords: the admin's key still gets in
        assertTrue(openSsh("sb:status").contains("store"));
    }

    @Test
    public void step5_aRestartKeepsTheAdminAndNeitherRegeneratesNorPrintsThePassword() throws Exception {
        Path users = server.home().resolve("etc/users.properties");
        String before = Files.readString(users);
        String file = Files.readString(server.home().resolve("etc/admin-password.txt"));
        server.killHard();
        server.start();
        assertEquals(before, Files.readString(users));
        assertEquals(file, Files.readString(server.home().resolve("etc/admin-password.txt")));
        Matcher told = TOLD.matcher(Files.readString(server.home().resolve("console.out")));
        int times = 0;
        while (told.find()) {
            times++;
        }
        assertEquals("told once, at the first start only", 1, times);
        // a restart also ends the lock (it lives in memory, as REST's does)
        assertTrue(new KarafShell(SSH_PORT, "admin", password).run("sb:status").contains("store"));
    }

    private static void assertRefused(KarafShell shell) throws Exception {
        try {
            String out = shell.run("sb:status");
            fail("logged in: " + out);
        } catch (SshException expected) {
            // refused
        }
    }

    /** OpenSSH with an ECDSA key the test adds to etc/keys.properties (once), in batch mode: no prompt. */
    private static String openSsh(String command) throws Exception {
        Path key = server.home().resolve("itest-key");
        if (!Files.exists(key)) {
            Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", key.toString())
                    .redirectErrorStream(true).start();
            assertTrue(keygen.waitFor(30, TimeUnit.SECONDS) && keygen.exitValue() == 0);
            String publicKey = Files.readString(Path.of(key + ".pub")).split(" ")[1];
            Files.writeString(server.home().resolve("etc/keys.properties"),
                    "\nadmin = " + publicKey + ",_g_:admingroup\n", StandardOpenOption.APPEND);
        }
        Process ssh = new ProcessBuilder("ssh", "-i", key.toString(), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-p", String.valueOf(SSH_PORT), "admin@127.0.0.1", command)
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        assertTrue("ssh ended", ssh.waitFor(60, TimeUnit.SECONDS));
        String out = new String(ssh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("ssh exit status; output: " + out, 0, ssh.exitValue());
        return out;
    }
}
