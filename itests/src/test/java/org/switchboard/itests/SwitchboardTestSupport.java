package org.switchboard.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Rule;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Boots the built Switchboard distribution (karaf-distribution/target/*.tar.gz) with free ports
 * and offers helpers: HTTP calls to the REST API, console commands, waiting for services.
 */
public abstract class SwitchboardTestSupport {
    /** Every port {@link #freePort} handed out in this JVM (the kernel may offer a closed one again); first, as the ports below use it. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    /** Chosen once per test JVM; Pax Exam evaluates {@link #config()} in the test JVM and the probe. */
    static final int HTTP_PORT = Integer.getInteger("switchboard.itest.http", freePort());
    static final int SSH_PORT = Integer.getInteger("switchboard.itest.ssh", freePort());
    /** SIP (UDP and TCP) never on 5060, which a running Switchboard or phone may hold. */
    static final int SIP_PORT = Integer.getInteger("switchboard.itest.sip", freePort());
    /** The browser phone lines' ICE port (UDP), away from a Switchboard a developer runs on 10000. */
    static final int WEBRTC_PORT = Integer.getInteger("switchboard.itest.webrtc", freePort());
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Where Pax Exam unpacks the distribution, a folder per test (per class in server mode). */
    static final Path EXAM_FOLDER = Path.of("target", "exam");

    /** Pax Exam deletes each test's Karaf folder; a failed test's karaf.log is kept. */
    @Rule
    public final FailedTestLog failedTestLog = new FailedTestLog();

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected SessionFactory sessionFactory;

    @Inject
    protected FeaturesService featuresService;

    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    protected Option[] baseConfig() {
        String karaf = System.getProperty("karaf.version", "4.4.10");
        String distribution = System.getProperty("switchboard.distribution");
        if (distribution == null || !new File(distribution).isFile()) {
            throw new IllegalStateException("build the distribution first: " + distribution);
        }
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(new File(distribution).toURI().toString())
                        .name("Switchboard")
                        .unpackDirectory(EXAM_FOLDER.toFile())
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevelOption.LogLevel.INFO),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(HTTP_PORT)),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(SSH_PORT)),
                editConfigurationFilePut("etc/org.switchboard.sip.cfg", "port", String.valueOf(SIP_PORT)),
                editConfigurationFilePut("etc/org.switchboard.webrtc.cfg", "port", String.valueOf(WEBRTC_PORT)),
                // Karaf's bin/karaf passes these on Java 9+; Pax Exam's launcher does not
                vmOption("--add-reads=java.xml=java.logging"),
                vmOption("--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED"),
                vmOption("--patch-module"),
                vmOption("java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karaf + ".jar"),
                vmOption("--patch-module"),
                vmOption("java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karaf + ".jar"),
                vmOption("--add-opens"), vmOption("java.base/java.security=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.base/java.net=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.base/java.lang=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.base/java.util=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.naming/javax.naming.spi=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED"),
                vmOption("-Xmx512m"),
                systemProperty("switchboard.itest.http").value(String.valueOf(HTTP_PORT)),
                systemProperty("switchboard.itest.ssh").value(String.valueOf(SSH_PORT)),
                systemProperty("switchboard.itest.sip").value(String.valueOf(SIP_PORT)),
                systemProperty("switchboard.itest.webrtc").value(String.valueOf(WEBRTC_PORT)),
                systemProperty(FailedTestLog.FOLDER_PROPERTY).value(FailedTestLog.folder().toAbsolutePath().toString())));
        if (FailedTestLog.keepFolders()) {
            options.add(keepRuntimeFolder());
        }
        String localRepo = System.getProperty("org.ops4j.pax.url.mvn.localRepository");
        if (localRepo != null) {
            options.add(systemProperty("org.ops4j.pax.url.mvn.localRepository").value(localRepo));
            options.add(editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", localRepo));
        }
        return options.toArray(new Option[0]);
    }

    /**
     * Where {@link #freePort} looks first. The tests' ports below the kernel's ephemeral range (32768 up):
     * SIPp's media 10000-19999, the media relay's 20000-29999, these 30000-30999, baresip's RTP and
     * SafetyNetIT's relay 31000-32767.
     */
    static final int TEST_PORTS_FROM = 30000;
    static final int TEST_PORTS_TO = 30999;

    /**
     * A port free for both TCP and UDP (SIP and SIPp listen on both) that this JVM has not handed out
     * before: tests keep their ports in static fields for the whole run, so two of them colliding would
     * fail every later test that uses them. Taken below the ephemeral range when it can: between two
     * tests nothing holds these ports, and an outgoing connection given one as its ephemeral port would
     * keep the next Switchboard from listening there.
     */
    static int freePort() {
        boolean belowEphemeral = ephemeralPortsStart() > TEST_PORTS_TO;
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = belowEphemeral && attempt < 100
                    ? ThreadLocalRandom.current().nextInt(TEST_PORTS_FROM, TEST_PORTS_TO + 1)
                    : kernelChosenPort();
            if (freeForTcpAndUdp(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no port free for both TCP and UDP after 200 tries");
    }

    /** Where Linux starts choosing ephemeral ports (32768 unless configured otherwise). */
    private static int ephemeralPortsStart() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0; // not Linux: take the ports the kernel chooses
        }
    }

    private static int kernelChosenPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean freeForTcpAndUdp(int port) {
        try (ServerSocket tcp = new ServerSocket(port); DatagramSocket udp = new DatagramSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // ---- HTTP -------------------------------------------------------------------------

    /** A JSON answer: status and parsed body (an empty object when there was none). */
    public record Answer(int status, JsonNode body, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst()
                    .orElse(null);
        }
    }

    protected String api(String path) {
        return "http://127.0.0.1:" + HTTP_PORT + "/api/v1" + path;
    }

    protected Answer get(String path, String token) throws Exception {
        return send(request(path, token).GET());
    }

    protected Answer post(String path, String token, String json) throws Exception {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    protected Answer put(String path, String token, String json) throws Exception {
        return send(request(path, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    protected Answer delete(String path, String token) throws Exception {
        return send(request(path, token).DELETE());
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(api(path))).timeout(Duration.ofSeconds(20));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Answer send(HttpRequest.Builder builder) throws Exception {
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        JsonNode json = body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        return new Answer(response.statusCode(), json, response.headers().map());
    }

    /** A WebSocket listener that parses each text message into {@code received}; a close becomes {"type":"closed"}. */
    protected static WebSocket.Listener collector(BlockingQueue<JsonNode> received) {
        return new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try {
                        received.add(JSON.readTree(text.toString()));
                    } catch (Exception e) {
                        received.add(JSON.createObjectNode().put("type", "unparseable"));
                    }
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                received.add(JSON.createObjectNode().put("type", "closed").put("code", statusCode));
                return null;
            }
        };
    }

    /**
     * Hangs up every call the token's user sees (a supervisor sees them all): a test that failed mid-call
     * leaves its call up, and the next test's agent would be busy.
     */
    protected void hangUpCallsLeftUp(String token) throws Exception {
        for (JsonNode call : get("/calls", token).body().path("items")) {
            System.out.println("hanging up a call the test left up: " + call);
            post("/calls/" + call.path("id").asText() + "/hangup", token, "");
        }
    }

    /** Logs in and returns the bearer token. */
    protected String login(String username, String password) throws Exception {
        Answer answer = post("/sessions", null,
                JSON.writeValueAsString(Map.of("username", username, "password", password)));
        if (answer.status() != 201) {
            throw new AssertionError("login of " + username + " answered " + answer.status() + " " + answer.body());
        }
        return answer.body().get("token").asText();
    }

    /** Waits until the REST API is published and the health report is UP; a timeout names what was not. */
    protected void awaitHealthy() throws Exception {
        try {
            await("health UP", () -> {
                try {
                    Answer health = get("/health", null);
                    return health.status() == 200 && "UP".equals(health.body().path("status").asText());
                } catch (Exception e) {
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last report: " + lastHealthReport(), e);
        }
    }

    /** The health report with each component's detail if a supervisor can log in, else what anyone sees. */
    private String lastHealthReport() {
        try {
            return get("/health", supervisorToken()).body().toString();
        } catch (Exception | AssertionError detailed) {
            try {
                Answer anonymous = get("/health", null);
                return anonymous.status() + " " + anonymous.body() + " (no supervisor login: " + detailed.getMessage() + ")";
            } catch (Exception e) {
                return "no answer: " + e;
            }
        }
    }

    /** The status of a GET, or -1 while nothing answers (a bundle restarting). */
    protected int statusOf(String path, String token) {
        try {
            return get(path, token).status();
        } catch (Exception e) {
            return -1;
        }
    }

    /** A session token of the demo supervisor carol: the health report names its components to supervisors only. */
    protected String supervisorToken() throws Exception {
        return login("carol", "carol-secret");
    }

    /** Waits until the health report shows the named component UP. */
    protected void awaitComponentUp(String component) throws InterruptedException {
        String[] token = new String[1]; // one login (bcrypt) for the whole wait, again if the session is gone
        await(component + " health UP", () -> {
            try {
                if (token[0] == null) {
                    token[0] = supervisorToken();
                }
                JsonNode components = get("/health", token[0]).body().path("components");
                if (components.isMissingNode()) {
                    token[0] = null;
                }
                return "UP".equals(components.path(component).path("status").asText());
            } catch (Exception e) {
                return false;
            }
        });
    }

    // ---- console and services -----------------------------------------------------------

    /** Runs a console command as the shell would and returns what it printed. */
    protected String executeCommand(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            Session session = sessionFactory.create(System.in, out, out);
            try {
                Object result = session.execute(command);
                if (result != null) {
                    out.println(result);
                }
            } catch (Exception e) {
                out.println("Error executing command: " + e.getMessage());
            } finally {
                session.close();
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    protected <T> T awaitService(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(bundleContext, type, null);
        tracker.open();
        try {
            if (tracker.waitForService(TIMEOUT.toMillis()) == null) {
                throw new AssertionError("no " + type.getName() + " service within " + TIMEOUT);
            }
            // get it for the probe itself: closing the tracker must not release it (service factories)
            return bundleContext.getService(tracker.getServiceReference());
        } finally {
            tracker.close();
        }
    }

    protected Bundle bundle(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    protected static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
