package org.switchboard.itests;

import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.LegDriver;

/**
 * What the tests with real baresip phones share: the phones they started (closed after each test),
 * their working directory (deleted when the test passed, kept and named when it failed), and waits
 * that show every phone's events and log when they time out.
 */
public abstract class BaresipTestSupport extends SwitchboardTestSupport {
    /** What each phone's microphone sends, at -6 dBFS. */
    static final double ALICE_TONE = 1000;
    static final double BOB_TONE = 1500;
    static final double TONE_AMPLITUDE = 0.5;
    /** Nobody sends it (and the hold music has no note there): the noise floor tones stand above. */
    static final double REFERENCE = 700;
    /** Start of a recording left out: the first packets, while the relay latches both legs. */
    static final double SKIP_SECONDS = 0.25;
    /** A block carries a tone at -30 dBFS or louder and 20 dB above the other frequencies measured. */
    static final double MIN_BLOCK_AMPLITUDE = 0.03;
    static final double MIN_BLOCK_DOMINANCE_DB = 20;
    /** Over a recording or segment, the tone must be this loud and this far above the others. */
    static final double MIN_TONE_DBFS = -20;
    static final double MIN_DOMINANCE_DB = 30;

    protected final List<BaresipPhone> phones = new ArrayList<>();
    /** The phones' directories, microphones and recordings; kept when the test fails. */
    protected Path work;
    /** Set by a test as its last step. */
    protected boolean passed;

    @Before
    public void callsAndMediaAreUp() throws Exception {
        awaitService(CallService.class);
        awaitService(LegDriver.class);
        awaitHealthy();
        awaitComponentUp("sip");
    }

    @After
    public void stopPhones() throws Exception {
        String test = getClass().getSimpleName();
        for (BaresipPhone phone : phones) {
            try {
                phone.close();
            } catch (Exception e) {
                System.out.println(test + ": closing " + phone.user + "'s baresip: " + e);
            }
        }
        phones.clear();
        if (passed && work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        } else if (work != null) {
            System.out.println(test + ": phones' files kept in " + work);
        }
        work = null;
        passed = false;
    }

    /** Keeps a started phone for {@link #stopPhones}. */
    protected BaresipPhone phone(BaresipPhone phone) {
        phones.add(phone);
        return phone;
    }

    /** Quits every phone: that closes the sndfile dumps (libsndfile patches the WAV header on close). */
    protected void quitAll() throws InterruptedException {
        for (BaresipPhone phone : phones) {
            assertTrue(phone.user + "'s baresip did not quit:\n" + phone.log(), phone.quit(10, TimeUnit.SECONDS));
        }
    }

    protected boolean registered(BaresipPhone phone) {
        try {
            String table = executeCommand("sb:registrations");
            return table.lines().anyMatch(line -> line.contains("sip:" + phone.user)
                    && line.contains("@127.0.0.1:" + phone.sipPort));
        } catch (Exception e) {
            return false;
        }
    }

    /** {@link #await} that shows every phone's events and log when it times out. */
    protected void awaitPhones(String what, BooleanSupplier condition) throws InterruptedException {
        try {
            await(what, condition);
        } catch (AssertionError e) {
            StringBuilder details = new StringBuilder(e.getMessage());
            for (BaresipPhone phone : phones) {
                details.append("\n--- ").append(phone.user).append(" (events: ").append(phone.eventTypes())
                        .append(")\n").append(phone.log());
            }
            // no cause: Pax Exam reports only the innermost exception, which would hide the logs
            throw new AssertionError(details.toString());
        }
    }
}
