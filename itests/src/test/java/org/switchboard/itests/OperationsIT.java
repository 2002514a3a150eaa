package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.switchboard.itests.TelephonyTestSupport.Phone;

/**
 * Switchboard run as an admin runs it (the real distribution, {@code bin/karaf server}): a fresh
 * start logs no WARN or ERROR; a garbled SIP message is logged readably; {@code sb:backup} over the
 * SSH console copies the store while a call is up, and the copy opens with H2 holding the agents and
 * the call logs; a backup to a path that cannot be written fails clearly; the systemd unit shipped in
 * {@code bin/contrib} is valid.
 */
public class OperationsIT extends RecordingServerSupport {
    private static final Pattern WARN_OR_ERROR = Pattern.compile("\\|\\s*(WARN|ERROR)\\s*\\|");
    private static SwitchboardServer server;
    /** karaf.log's WARN and ERROR lines once the fresh start is complete, before the tests do anything. */
    private static List<String> startProblems;

    @BeforeClass
    public static void startFresh() throws Exception {
        server = unpackServer(OperationsIT.class);
        server.start();
        OperationsIT probe = new OperationsIT();
        probe.awaitComponentUp("sip");
        probe.awaitComponentUp("media");
        TimeUnit.SECONDS.sleep(3); // what starts last (trunk registration, the webrtc port) has had its say
        startProblems = server.logLines(WARN_OR_ERROR);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (server != null) {
            server.destroy();
        }
    }

    @Test
    public void aFreshStartLogsNoWarningOrError() {
        assertEquals("WARN/ERROR lines of a fresh start:\n" + String.join("\n", startProblems), List.of(), startProblems);
    }

    @Test
    public void aGarbledSipMessageIsLoggedWithItsSourceAndAReadableExcerpt() throws Exception {
        String marker = "garbled-" + System.nanoTime();
        byte[] garbled = ("INVITE sip:" + marker + "@y SIP/2.0\r\nVia: garbage;;;\r\nFrom: <<<\r\nCSeq: abc\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.send(new DatagramPacket(garbled, garbled.length, InetAddress.getLoopbackAddress(), SIP_PORT));
        }
        Pattern line = Pattern.compile("garbled message from 127\\.0\\.0\\.1 over udp: .*" + marker);
        await("the garbled message's log line", () -> {
            try {
                return !server.logLines(line).isEmpty();
            } catch (IOException e) {
                return false;
            }
        });
        String logged = server.logLines(line).get(0);
        assertFalse("no Java array identity: " + logged, logged.contains("[C@"));
        assertTrue("the message's start, readable: " + logged,
                logged.contains("it starts \"INVITE sip:" + marker + "@y SIP/2.0 | Via: garbage;;; | From: <<<"));
    }

    @Test
    public void backupWhileACallIsUpHoldsTheAgentsAndTheCallLogs() throws Exception {
        String alice = login("alice", "alice-secret");
        Phone phone = alicesPhoneAnswersWithTone(2, 30.0);
        Phone carrier = null;
        try {
            Phone first = carrierCallsWithTone("carrier-tone.xml", ALICE_DID, HANAKO, 2.0, 500);
            assertTrue("the first call ended", first.process().waitFor(60, TimeUnit.SECONDS));
            await("the first call's log", () -> {
                try {
                    return !items(get("/call-logs", alice).body()).isEmpty();
                } catch (Exception e) {
                    return false;
                }
            });
            carrier = carrierCallsWithTone("carrier-tone.xml", ALICE_DID, HANAKO, 30.0, 30_000);
            awaitCall(alice, "the second call is up", activeFrom(HANAKO));

            Path target = server.home().resolve("data/backups/while-a-call-is-up.zip");
            String printed = CONSOLE.run("sb:backup " + target);

            Matcher written = Pattern.compile("Backup written to (\\S+) \\((.+)\\)").matcher(printed);
            assertTrue("sb:backup printed the file and its size: " + printed, written.find());
            assertEquals(target.toString(), written.group(1));
            assertFalse("the call is still up", items(get("/calls", alice).body()).isEmpty());
            Path restored = unzip(target, Files.createTempDirectory(Path.of("target").toAbsolutePath(), "restored-"));
            try (Connection copy = DriverManager.getConnection("jdbc:h2:file:" + restored.resolve("db"), "sa", "")) {
                assertEquals(3, count(copy, "SELECT COUNT(*) FROM agents WHERE username IN ('alice', 'bob', 'carol')"));
                assertTrue("the first call's log is in the copy", count(copy, "SELECT COUNT(*) FROM call_logs") >= 1);
            }
        } finally {
            for (Phone sipp : new Phone[] {carrier, phone}) {
                if (sipp != null) {
                    sipp.process().destroyForcibly();
                }
            }
        }
    }

    @Test
    public void backupToAPathThatCannotBeWrittenFailsClearlyAndTheStoreGoesOn() throws Exception {
        // below a plain file: no directory can be made there, not even by root
        Path target = server.home().resolve("etc/users.properties/backup.zip");

        String printed = CONSOLE.run("sb:backup " + target);

        assertTrue(printed, printed.contains("backup to " + target + " failed, the store is unchanged"));
        assertFalse(Files.exists(target));
        login("bob", "bob-secret"); // the store answers as before
    }

    @Test
    public void theSystemdUnitIsValid() throws Exception {
        Path script = Path.of(System.getProperty("switchboard.itest.scripts"), "verify-systemd-unit.sh");
        Process verify = new ProcessBuilder("bash", script.toString(), server.home().toString()).redirectErrorStream(true)
                .start();
        String out = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("verify ended", verify.waitFor(60, TimeUnit.SECONDS));
        assertEquals(out, 0, verify.exitValue());
    }

    private static Path unzip(Path zip, Path into) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                Files.copy(entries, into.resolve(entry.getName()));
            }
        }
        return into;
    }

    private static int count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
