package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.switchboard.api.health.HealthIndicator;
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
    /** Chosen once in the test JVM and handed to the container, like the HTTP port. */
    static final int SIP_PORT = Integer.getInteger("switchboard.itest.sip", freePort());
    private static final Pattern REGISTERED_CONTACT = Pattern.compile("sip:alice@127\\.0\\.0\\.1:(\\d+);transport=UDP");

    @Configuration
    public Option[] config() {
        String scenarios = System.getProperty("switchboard.itest.sipp", "src/test/resources/sipp");
        List<Option> options = new ArrayList<>(Arrays.asList(baseConfig()));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.cfg", "port", String.valueOf(SIP_PORT)));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.cfg", "digestAlgorithms", "MD5"));
        options.add(systemProperty("switchboard.itest.sip").value(String.valueOf(SIP_PORT)));
        options.add(systemProperty("switchboard.itest.sipp").value(Path.of(scenarios).toAbsolutePath().toString()));
        return options.toArray(new Option[0]);
    }

    @Before
    public void sipIsUp() throws Exception {
        awaitService(RegistrationRepository.class);
        awaitSipHealthUp();
    }

    @Test
    public void registeredPhoneIsListedAndSurvivesARestartOfTheSipBundle() throws Exception {
        String sipp = sipp("register.xml");
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
        awaitSipHealthUp();

        String after = executeCommand("sb:registrations");
        assertTrue(after, after.contains(contact.group()));
        assertTrue(after, executeCommand("sb:registrations alice").contains(contact.group()));
        assertTrue(executeCommand("sb:registrations bob"), !executeCommand("sb:registrations bob")
                .contains(contact.group()));
        // and the restarted stack answers again
        String options = sipp("options.xml");
        assertTrue(options, options.startsWith("exit 0"));
    }

    @Test
    public void statusShowsTheSipListenerAndItsRegistrations() throws Exception {
        String out = executeCommand("sb:status");

        assertTrue(out, out.matches("(?s).*sip\\s*\\|\\s*UP\\s*\\|\\s*udp\\+tcp 127\\.0\\.0\\.1:" + SIP_PORT
                + ", \\d+ registrations?.*"));
    }

    private void awaitSipHealthUp() throws InterruptedException {
        await("sip health UP", () -> {
            for (HealthIndicator indicator : services(HealthIndicator.class)) {
                if ("sip".equals(indicator.name())) {
                    return indicator.check().status().name().equals("UP");
                }
            }
            return false;
        });
    }

    private <T> List<T> services(Class<T> type) {
        List<T> found = new ArrayList<>();
        try {
            for (var reference : bundleContext.getServiceReferences(type, null)) {
                T service = bundleContext.getService(reference);
                if (service != null) {
                    found.add(service);
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    /** Runs one SIPp scenario against our SIP port; returns "exit N" and what SIPp reported. */
    private static String sipp(String scenario) throws IOException, InterruptedException {
        Path scenarios = Path.of(System.getProperty("switchboard.itest.sipp"));
        Path work = Files.createTempDirectory("sipp-it-");
        Path errors = work.resolve("errors.log");
        List<String> command = List.of("sipp", "-sf", scenarios.resolve(scenario).toString(), "-m", "1",
                "-i", "127.0.0.1", "-p", String.valueOf(freePort()), "-t", "u1", "-nostdin", "-timeout", "30s",
                "-timeout_error", "-trace_err", "-error_file", errors.toString(), "127.0.0.1:" + SIP_PORT);
        Process process;
        try {
            process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("output.log").toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("SIPp is not installed (`sipp` not on PATH): apt-get install sip-tester", e);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "killed after 60 s";
        }
        String report = "exit " + process.exitValue() + "\n" + read(errors);
        return process.exitValue() == 0 ? report : report + "\n" + read(work.resolve("output.log"));
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
