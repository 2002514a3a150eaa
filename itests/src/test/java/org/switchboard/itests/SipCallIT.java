package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.LegDriver;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.CallLogQuery;
import org.switchboard.api.calllog.CallLogRepository;
import org.switchboard.api.calllog.Disposition;
import org.switchboard.api.health.HealthIndicator;

/**
 * The B2BUA's first cut ({@code b2bua=true}) with the real core and media: bob's SIPp phone
 * registers and answers, alice's SIPp phone calls extension 1002 with digest credentials, talks for a
 * second and hangs up; core logs an answered internal call for bob and media has freed both endpoints.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SipCallIT extends SwitchboardTestSupport {
    static final int SIP_PORT = Integer.getInteger("switchboard.itest.sip.call", freePort());

    @Configuration
    public Option[] config() {
        String scenarios = System.getProperty("switchboard.itest.sipp", "src/test/resources/sipp");
        List<Option> options = new ArrayList<>(Arrays.asList(baseConfig()));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.cfg", "port", String.valueOf(SIP_PORT)));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.cfg", "digestAlgorithms", "MD5"));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.cfg", "b2bua", "true"));
        options.add(systemProperty("switchboard.itest.sip.call").value(String.valueOf(SIP_PORT)));
        options.add(systemProperty("switchboard.itest.sipp").value(Path.of(scenarios).toAbsolutePath().toString()));
        return options.toArray(new Option[0]);
    }

    @Before
    public void callControlIsUp() throws Exception {
        awaitService(CallService.class);
        awaitService(LegDriver.class);
        awaitService(CallLogRepository.class);
    }

    @Test
    public void aliceCallsBobsExtensionAndTheCallIsLoggedAsAnswered() throws Exception {
        int bobPort = freePort();
        String registered = SipSupport.sipp("register-bob.xml", bobPort, SIP_PORT);
        assertTrue(registered, registered.startsWith("exit 0"));
        Path bobWork = Files.createTempDirectory("sipp-bob-");
        Process bob = SipSupport.serve("answer.xml", bobPort, bobWork);
        try {
            TimeUnit.MILLISECONDS.sleep(300);
            String alice = SipSupport.sipp("call.xml", freePort(), SIP_PORT, "-s", "1002");
            assertTrue(alice, alice.startsWith("exit 0"));
            assertTrue("bob's phone did not finish", bob.waitFor(30, TimeUnit.SECONDS));
            assertEquals(SipSupport.read(bobWork.resolve("errors.log")) + SipSupport.read(bobWork.resolve(
                    "output.log")), 0, bob.exitValue());
        } finally {
            bob.destroyForcibly();
        }

        CallLogRepository logs = awaitService(CallLogRepository.class);
        CallLog[] found = new CallLog[1];
        await("the call's log", () -> {
            Optional<CallLog> log = logs.list(new CallLogQuery(Optional.empty(), 0, 20)).stream()
                    .filter(l -> l.to().equals("1002") && l.direction() == CallDirection.INTERNAL).findFirst();
            log.ifPresent(l -> found[0] = l);
            return log.isPresent();
        });
        assertEquals(Disposition.ANSWERED, found[0].disposition());
        assertTrue(found[0].talkTime().toString(), found[0].talkTime().compareTo(Duration.ofMillis(900)) >= 0);
        assertTrue(awaitService(CallService.class).active().isEmpty());
        await("media endpoints freed", () -> health("media").startsWith("0 endpoints"));
    }

    private String health(String name) {
        try {
            for (var reference : bundleContext.getServiceReferences(HealthIndicator.class, null)) {
                HealthIndicator indicator = bundleContext.getService(reference);
                if (indicator != null && name.equals(indicator.name())) {
                    return indicator.check().detail();
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return "";
    }
}
