package org.switchboard.itests;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.switchboard.api.registration.RegistrationRepository;

/**
 * SIPp registers demo agent alice with digest authentication against the real distribution;
 * {@code sb:registrations} lists her phone, and still does after the SIP bundle is restarted (the
 * registrar keeps its bindings in the store).
 *
 * <p>SIPp 3.6 only computes MD5 digests and answers the first challenge it gets, so this instance
 * offers MD5 alone; the SHA-256-first challenge is covered by the sip bundle's own tests.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SipRegistrarIT extends SwitchboardTestSupport {
    private static final Pattern REGISTERED_CONTACT = Pattern.compile("sip:alice@127\\.0\\.0\\.1:(\\d+);transport=UDP");

    @Configuration
    public Option[] config() {
        String scenarios = System.getProperty("switchboard.itest.sipp", "src/test/resources/sipp");
        List<Option> options = new ArrayList<>(Arrays.asList(baseConfig()));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.cfg", "digestAlgorithms", "MD5"));
        options.add(systemProperty("switchboard.itest.sipp").value(Path.of(scenarios).toAbsolutePath().toString()));
        return options.toArray(new Option[0]);
    }

    @Before
    public void sipIsUp() throws Exception {
        awaitService(RegistrationRepository.class);
        awaitComponentUp("sip");
    }

    @Test
    public void registeredPhoneIsListedAndSurvivesARestartOfTheSipBundle() throws Exception {
        String sipp = SipSupport.sipp("register.xml", freePort(), SIP_PORT);
        assertTrue(sipp, sipp.startsWith("exit 0"));

        String before = executeCommand("sb:registrations");
        Matcher contact = REGISTERED_CONTACT.matcher(before);
        assertTrue(before, contact.find());
        assertTrue(before, before.matches("(?s).*alice\\s*\\|\\s*" + Pattern.quote(contact.group()) + "\\s*\\|\\s*"
                + "127\\.0\\.0\\.1:" + contact.group(1) + "\\s*\\|\\s*UDP\\s*\\|\\s*SIPp register\\.xml\\s*\\|\\s*"
                + "(09:5\\d|10:00).*"));

        Bundle sip = bundle("org.switchboard.sip");
        sip.stop();
        sip.start();
        awaitComponentUp("sip");

        String after = executeCommand("sb:registrations");
        assertTrue(after, after.contains(contact.group()));
        assertTrue(after, executeCommand("sb:registrations alice").contains(contact.group()));
        assertTrue(executeCommand("sb:registrations bob"), !executeCommand("sb:registrations bob")
                .contains(contact.group()));
        // and the restarted stack answers again
        String options = SipSupport.sipp("options.xml", freePort(), SIP_PORT);
        assertTrue(options, options.startsWith("exit 0"));
    }

    @Test
    public void statusShowsTheSipListenerAndItsRegistrations() throws Exception {
        String out = executeCommand("sb:status");

        assertTrue(out, out.matches("(?s).*sip\\s*\\|\\s*UP\\s*\\|\\s*udp\\+tcp 127\\.0\\.0\\.1:" + SIP_PORT
                + ", \\d+ registrations?.*"));
    }
}
