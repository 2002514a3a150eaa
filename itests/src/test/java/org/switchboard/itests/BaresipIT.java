package org.switchboard.itests;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.switchboard.api.registration.RegistrationRepository;

/**
 * baresip, a real softphone, registers as demo agent bob against the distribution with its
 * default settings. baresip 1.0 (libre) gives up with "Function not implemented" as soon as a
 * SHA-256 digest challenge is offered at all, so the registrar challenges User-Agents matching
 * {@code md5OnlyUserAgents} (default: baresip) with MD5 only, and SHA-256 first for everyone else.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BaresipIT extends SwitchboardTestSupport {
    static final int PHONE_PORT = Integer.getInteger("switchboard.itest.phone", freePort());

    private Process baresip;
    private Path home;

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(Arrays.asList(baseConfig()));
        options.add(systemProperty("switchboard.itest.phone").value(String.valueOf(PHONE_PORT)));
        return options.toArray(new Option[0]);
    }

    @Before
    public void sipIsUp() throws Exception {
        awaitService(RegistrationRepository.class);
        awaitComponentUp("sip");
    }

    @After
    public void stopPhone() throws Exception {
        if (baresip != null) {
            baresip.destroy();
            if (!baresip.waitFor(5, TimeUnit.SECONDS)) {
                baresip.destroyForcibly();
            }
        }
    }

    @Test
    public void baresipRegistersWithDigestAndIsListed() throws Exception {
        baresip = startBaresip("bob", "bob-secret");
        await("bob's baresip registered", () -> {
            try {
                String table = executeCommand("sb:registrations");
                return table.matches("(?s).*\\|\\s*sip:bob[^@|]*@127\\.0\\.0\\.1:\\d+\\s*\\|.*") && table.toLowerCase().contains("baresip");
            } catch (Exception e) {
                return false;
            }
        });
        String log = Files.readString(home.resolve("baresip.log"));
        assertTrue(log, log.contains("bob@switchboard.local: {0/UDP/v4} 200 OK"));
    }

    private Process startBaresip(String user, String password) throws Exception {
        home = Files.createTempDirectory("baresip-" + user);
        Files.writeString(home.resolve("config"), String.join("\n",
                "poll_method\tepoll",
                "sip_listen\t127.0.0.1:" + PHONE_PORT,
                "module_path\t/usr/lib/baresip/modules",
                "module\tg711.so",
                "module_app\taccount.so",
                "module_app\tmenu.so",
                "") );
        Files.writeString(home.resolve("accounts"), "<sip:" + user + "@switchboard.local>;auth_pass=" + password
                + ";outbound=\"sip:127.0.0.1:" + SIP_PORT + ";transport=udp\";regint=600\n");
        return new ProcessBuilder("baresip", "-f", home.toString())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("baresip.log").toFile())
                .start();
    }
}
