package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.Disposition;

/**
 * The safety net end to end, SIPp phones on the real distribution: an answered call whose media went
 * silent ends after the media timeout (BYE to both phones, the reason on the call log), one with
 * audio or on hold does not; the maximum call duration; RFC 4028 session timers honoured, refreshed,
 * and expired, and a too short interval refused. Limits are a few seconds, set live through Config Admin
 * (etc/org.switchboard.core.calls.cfg); the SIP Min-SE is lowered to 2 s.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SafetyNetIT extends TelephonyTestSupport {
    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(Arrays.asList(telephonyConfig()));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.cfg", "minSessionExpiresSeconds", "2"));
        options.add(editConfigurationFilePut("etc/org.switchboard.core.calls.cfg", "mediaTimeoutSeconds", "3"));
        // a media range of its own (the default one is the benchmarks'), where SwitchboardTestSupport.TEST_PORTS_FROM
        // says the tests' relays go
        int base = 31000 + 2 * java.util.concurrent.ThreadLocalRandom.current().nextInt(600);
        options.add(editConfigurationFilePut("etc/org.switchboard.media.cfg", "portMin", String.valueOf(base)));
        options.add(editConfigurationFilePut("etc/org.switchboard.media.cfg", "portMax", String.valueOf(base + 199)));
        return options.toArray(new Option[0]);
    }

    @Test
    public void aCallWithNoRtpEndsAfterTheMediaTimeoutWithByeToBothPhonesAndSaysSoOnItsLog() throws Exception {
        limits(3, 0);
        Phone bob = phone("bob", "answer.xml");
        Instant start = Instant.now();

        aliceCalls("call-until-bye.xml", "1002");

        bob.assertDone();
        CallLog log = awaitLog(l -> l.startedAt().isAfter(start.minusSeconds(1)));
        assertEquals(Disposition.ANSWERED, log.disposition());
        assertTrue(log.notes(), log.notes().contains("media timeout"));
        assertTrue("talked " + log.talkTime(), log.talkTime().compareTo(Duration.ofSeconds(3)) >= 0
                && log.talkTime().compareTo(Duration.ofSeconds(8)) < 0);
    }

    @Test
    public void aCallWithAudioIsNotEndedByTheMediaTimeout() throws Exception {
        limits(3, 0);
        Phone bob = phone("bob", "answer.xml"); // bob only listens: audio from one side is enough
        Instant start = Instant.now();

        aliceCalls("call-audio.xml", "1002"); // speaks for 6 s and hangs up itself after 7 s

        bob.assertDone();
        CallLog log = awaitLog(l -> l.startedAt().isAfter(start.minusSeconds(1)));
        assertFalse(log.notes(), log.notes().contains("Ended by Switchboard"));
        assertTrue("talked " + log.talkTime(), log.talkTime().compareTo(Duration.ofSeconds(6)) >= 0);
    }

    @Test
    public void aSilentCallOnHoldIsNotEndedByTheMediaTimeout() throws Exception {
        limits(3, 0);
        Phone bob = phone("bob", "answer-held.xml", "-key", "mport", String.valueOf(SipSupport.freeMediaPorts()));
        Instant start = Instant.now();

        aliceCalls("call-holds-long.xml", "1002"); // holds for 6 s, resumes, hangs up half a second later

        bob.assertDone();
        CallLog log = awaitLog(l -> l.startedAt().isAfter(start.minusSeconds(1)));
        assertFalse(log.notes(), log.notes().contains("Ended by Switchboard"));
    }

    @Test
    public void aCallEndsAtTheMaximumCallDuration() throws Exception {
        limits(0, 4);
        Phone bob = phone("bob", "answer.xml");
        Instant start = Instant.now();

        aliceCalls("call-until-bye.xml", "1002");

        bob.assertDone();
        CallLog log = awaitLog(l -> l.startedAt().isAfter(start.minusSeconds(1)));
        assertTrue(log.notes(), log.notes().contains("maximum call duration"));
        Duration lasted = Duration.between(log.startedAt(), log.endedAt());
        assertTrue("lasted " + lasted, lasted.compareTo(Duration.ofSeconds(4)) >= 0
                && lasted.compareTo(Duration.ofSeconds(7)) < 0);
    }

    @Test
    public void aCallersSessionTimerIsHonouredAndItsRefreshesByUpdateAndReinviteAnswered() throws Exception {
        limits(0, 0);
        Phone bob = phone("bob", "answer.xml");

        aliceCalls("call-timer-90.xml", "1002");

        bob.assertDone();
    }

    @Test
    public void aCallerRefreshingItsShortSessionStaysUpLongerThanTheSession() throws Exception {
        limits(0, 0);
        Phone bob = phone("bob", "answer.xml");
        Instant start = Instant.now();

        aliceCalls("call-timer-refreshing.xml", "1002"); // a 4 s session, refreshed, hung up by alice after 4.5 s

        bob.assertDone();
        CallLog log = awaitLog(l -> l.startedAt().isAfter(start.minusSeconds(1)));
        assertFalse(log.notes(), log.notes().contains("Ended by Switchboard"));
    }

    @Test
    public void aCallerThatStopsRefreshingIsHungUpOnBothPhones() throws Exception {
        limits(0, 0);
        Phone bob = phone("bob", "answer.xml");
        Instant start = Instant.now();

        aliceCalls("call-timer-silent.xml", "1002"); // a 3 s session, never refreshed: it waits for our BYE

        bob.assertDone();
        CallLog log = awaitLog(l -> l.startedAt().isAfter(start.minusSeconds(1)));
        assertTrue(log.notes(), log.notes().contains("session timer expired"));
    }

    @Test
    public void aSessionIntervalBelowOurMinSeIsRefusedWith422() throws Exception {
        limits(0, 0);

        aliceCalls("call-timer-tiny.xml", "1002");

        assertTrue(calls().active().isEmpty());
    }

    /** Sets the call limits live, as an admin editing etc/org.switchboard.core.calls.cfg would. */
    private void limits(int mediaTimeoutSeconds, int maxCallSeconds) throws Exception {
        ConfigurationAdmin admin = awaitService(ConfigurationAdmin.class);
        org.osgi.service.cm.Configuration limits = admin.getConfiguration("org.switchboard.core.calls", null);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("mediaTimeoutSeconds", String.valueOf(mediaTimeoutSeconds));
        properties.put("maxCallSeconds", String.valueOf(maxCallSeconds));
        limits.update(properties);
        TimeUnit.MILLISECONDS.sleep(1000); // Config Admin applies it on its own thread
    }
}
