package org.switchboard.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A baresip 1.0 softphone (Debian package baresip) registered as a Switchboard agent, with no
 * sound card: its microphone is a WAV file ({@code aufile} audio source) and what it hears is
 * dumped to {@code <home>/dump-<time>-dec.wav} by the {@code sndfile} audio filter, which also
 * writes what it sends to {@code ...-enc.wav}. baresip 1.0's {@code aufile} module is a source
 * only (no player: that came in later releases) and no audio player is configured; the decode
 * filters still run on every received packet, so the dump is exactly the decoded RTP.
 *
 * <p>The phone is driven through the {@code ctrl_tcp} module: commands ({@code dial},
 * {@code hangup}, {@code quit}, the long names of the menu module's commands) and events
 * ({@code CALL_ESTABLISHED}, {@code CALL_CLOSED}, ...) as netstring-framed JSON over TCP. Unlike
 * {@code baresip -e "/dial ..."}, which runs the command as soon as baresip is up (possibly before
 * the phone has registered), this lets the test dial when it is ready and wait for call events.
 */
final class BaresipPhone implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger TOKENS = new AtomicInteger();

    final String user;
    final Path home;
    final int sipPort;
    private final Process process;
    private final Socket control;
    private final OutputStream commands;
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final List<JsonNode> responses = new CopyOnWriteArrayList<>();

    private BaresipPhone(String user, Path home, int sipPort, Process process, Socket control) throws IOException {
        this.user = user;
        this.home = home;
        this.sipPort = sipPort;
        this.process = process;
        this.control = control;
        this.commands = control.getOutputStream();
        Thread reader = new Thread(this::readMessages, "baresip-ctrl-" + user);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts baresip for the agent {@code user} in its own directory under {@code parent},
     * registering at 127.0.0.1:{@code registrarPort} over UDP, sending {@code microphone} as its
     * audio; {@code autoAnswer} answers incoming calls at once ({@code ;answermode=auto}).
     */
    static BaresipPhone start(Path parent, String user, String password, int registrarPort, Path microphone,
            boolean autoAnswer) throws IOException, InterruptedException {
        return start(parent, user, password, registrarPort, microphone, autoAnswer, false);
    }

    /**
     * As {@link #start(Path, String, String, int, Path, boolean)}; {@code sipTrace} also writes every
     * SIP message baresip sends and receives to its log ({@code baresip -s}), so a test can check what
     * the phone was told (a re-INVITE with {@code a=sendonly}) and what it answered.
     */
    static BaresipPhone start(Path parent, String user, String password, int registrarPort, Path microphone,
            boolean autoAnswer, boolean sipTrace) throws IOException, InterruptedException {
        return start(parent, user, password, registrarPort, microphone, autoAnswer, sipTrace, "");
    }

    /**
     * As {@link #start(Path, String, String, int, Path, boolean, boolean)}; a non-empty
     * {@code audioCodecs} (e.g. {@code PCMA/8000}) is the only codec the phone offers and accepts.
     */
    static BaresipPhone start(Path parent, String user, String password, int registrarPort, Path microphone,
            boolean autoAnswer, boolean sipTrace, String audioCodecs) throws IOException, InterruptedException {
        Path home = Files.createDirectories(parent.resolve("baresip-" + user)).toAbsolutePath();
        // sndfile builds "<snd_path>/dump-<yyyy-mm-dd-hh-mm-ss>-<enc|dec>.wav" in a 128-byte buffer and
        // silently truncates longer names: both dumps then land in one file named "dump-2026-11-"
        if (home.toString().length() > 127 - "/dump-2026-11-25-16-36-03-enc.wav".length()) {
            throw new IllegalArgumentException("baresip's sndfile needs a shorter directory than " + home);
        }
        int sipPort = freeSipPort();
        int controlPort = SwitchboardTestSupport.freePort();
        Files.writeString(home.resolve("config"), String.join("\n",
                "poll_method\tepoll",
                // UDP and TCP listen here; baresip 1.0 also opens SIP/TLS on sipPort + 1 and
                // refuses to start ("ua: init failed") when that port is taken
                "sip_listen\t127.0.0.1:" + sipPort,
                // without it the SDP carries the host's first LAN address instead of loopback
                "net_interface\t127.0.0.1",
                // away from the other tests' ports (SwitchboardTestSupport.TEST_PORTS_FROM) and
                // the ephemeral ones (32768 up)
                "rtp_ports\t31000-32767",
                "module_path\t/usr/lib/baresip/modules",
                "module\tg711.so",
                "module\taufile.so",
                "module\tsndfile.so",
                "module_app\taccount.so",
                "module_app\tmenu.so",
                "module_app\tctrl_tcp.so",
                "ctrl_tcp_listen\t127.0.0.1:" + controlPort,
                "audio_source\taufile," + microphone.toAbsolutePath(),
                "snd_path\t" + home,
                ""));
        Files.writeString(home.resolve("accounts"), "<sip:" + user + "@switchboard.local>;auth_pass=" + password
                + ";outbound=\"sip:127.0.0.1:" + registrarPort + ";transport=udp\";regint=600"
                + (autoAnswer ? ";answermode=auto" : "")
                + (audioCodecs.isEmpty() ? "" : ";audio_codecs=" + audioCodecs) + "\n");
        List<String> commandLine = new ArrayList<>(List.of("baresip", "-f", home.toString()));
        if (sipTrace) {
            commandLine.add("-s");
        }
        Process process = new ProcessBuilder(commandLine)
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("baresip.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), controlPort), 1000);
                return new BaresipPhone(user, home, sipPort, process, socket);
            } catch (IOException e) {
                socket.close();
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new AssertionError("baresip for " + user + " did not open ctrl_tcp on port " + controlPort
                            + " (alive=" + process.isAlive() + "):\n" + readLog(home), e);
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    /** Runs a command (the menu module's long name, e.g. {@code dial}) and returns baresip's answer. */
    JsonNode command(String command, String params) throws IOException, InterruptedException {
        String token = String.valueOf(TOKENS.incrementAndGet());
        byte[] body = JSON.writeValueAsBytes(params == null
                ? Map.of("command", command, "token", token)
                : Map.of("command", command, "params", params, "token", token));
        synchronized (commands) {
            commands.write((body.length + ":").getBytes(StandardCharsets.US_ASCII));
            commands.write(body);
            commands.write(',');
            commands.flush();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (JsonNode response : responses) {
                if (token.equals(response.path("token").asText())) {
                    if (!response.path("ok").asBoolean()) {
                        throw new AssertionError(user + "'s baresip refused " + command + " " + params + ": " + response);
                    }
                    return response;
                }
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError(user + "'s baresip did not answer " + command + " within 10 s:\n" + log());
    }

    /**
     * Whether the registrar accepted the phone: its REGISTER_OK event, or the 200 in its log (the
     * event can come before the control connection reads events).
     */
    boolean registered() {
        return saw("REGISTER_OK") || log().contains("200 OK () [1 binding]");
    }

    /** Whether baresip reported an event of this type (CALL_INCOMING, CALL_ESTABLISHED, CALL_RTPESTAB, CALL_CLOSED...). */
    boolean saw(String eventType) {
        return event(eventType).isPresent();
    }

    Optional<JsonNode> event(String eventType) {
        return events.stream().filter(e -> eventType.equals(e.path("type").asText())).findFirst();
    }

    /** Every event of this type, in the order baresip reported them. */
    List<JsonNode> events(String eventType) {
        return events.stream().filter(e -> eventType.equals(e.path("type").asText())).toList();
    }

    String eventTypes() {
        return events.stream().map(e -> e.path("type").asText()).collect(Collectors.joining(", "));
    }

    /** What the phone heard: the sndfile module's decode dump of the (single) call. */
    Path heard() throws IOException {
        return dump("-dec.wav");
    }

    /**
     * How many samples the phone has heard so far: the length of its decode dumps right now (sndfile
     * writes each decoded packet straight through), 0 before the call's audio started. Taken when the
     * test acts (hold, transfer), it tells where in {@link #heardAll()} to look for the effect,
     * whatever early media or jitter buffering shifted the recording against the call's events.
     */
    long heardSamples() throws IOException {
        long samples = 0;
        for (Path dump : dumps("-dec.wav")) {
            // libsndfile's WAV header for 16-bit mono PCM: RIFF, fmt and data chunk headers, 44 bytes
            samples += Math.max(0, (Files.size(dump) - 44) / 2);
        }
        return samples;
    }

    /**
     * Everything the phone heard: its decode dumps one after the other. There are several when
     * baresip rebuilt the call's audio filters (see {@link #keepHearingThroughHold}).
     */
    Wav heardAll() throws IOException {
        List<Path> dumps = dumps("-dec.wav");
        if (dumps.isEmpty()) {
            dump("-dec.wav"); // throws, with the log
        }
        int rate = -1;
        List<short[]> parts = new ArrayList<>();
        int total = 0;
        for (Path dump : dumps) {
            Wav part = Wav.read(dump);
            if (rate >= 0 && part.sampleRate() != rate) {
                throw new AssertionError(user + "'s dumps have different sample rates: " + dumps);
            }
            rate = part.sampleRate();
            parts.add(part.samples());
            total += part.samples().length;
        }
        short[] all = new short[total];
        int at = 0;
        for (short[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return new Wav(rate, all);
    }

    /**
     * Keeps the decode dump going when the far end re-INVITEs this phone with a=sendonly (hold).
     * baresip 1.0's {@code audio_decoder_set} resets the receive side whenever the SDP direction
     * is not sendrecv: it destroys the decode filters (closing sndfile's dec.wav) and calls
     * {@code audio_start}, whose {@code aufilt_setup} rebuilds filters only when the encode
     * <em>and</em> decode filter lists are both empty. sndfile's encode filter is still there,
     * so nothing is dumped after a hold, not even after resume. This makes sndfile's encode
     * filter fail to open (a directory already has the name it would write, for every second of
     * {@code window} from now, in local time as sndfile names its files): the encode list stays
     * empty, the decode filter is rebuilt on the hold re-INVITE and writes a second dec.wav, and
     * {@link #heardAll()} joins them. The phone then keeps no encode dump ({@link #sent()}).
     */
    void keepHearingThroughHold(Duration window) throws IOException {
        DateTimeFormatter names = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss");
        LocalDateTime now = LocalDateTime.now().withNano(0);
        for (long second = -2; second <= window.toSeconds(); second++) {
            Files.createDirectories(home.resolve("dump-" + names.format(now.plusSeconds(second)) + "-enc.wav"));
        }
    }

    /** The sndfile dumps ending in {@code suffix} the phone wrote, oldest first (one per filter chain built). */
    List<Path> dumps(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix) && Files.isRegularFile(f))
                    .sorted().toList();
        }
    }

    /** What the phone sent: the sndfile module's encode dump. */
    Path sent() throws IOException {
        return dump("-enc.wav");
    }

    private Path dump(String suffix) throws IOException {
        List<Path> dumps = dumps(suffix);
        if (dumps.isEmpty()) {
            throw new AssertionError(user + "'s baresip wrote no *" + suffix + " in " + home
                    + " (the call's audio stream never started); events: " + eventTypes() + "\n" + log());
        }
        return dumps.get(dumps.size() - 1);
    }

    /** Asks baresip to quit (ends calls, unregisters, closes the WAV dumps) and waits for it to exit. */
    boolean quit(long timeout, TimeUnit unit) throws InterruptedException {
        if (process.isAlive()) {
            try {
                command("quit", null);
            } catch (IOException | AssertionError e) {
                // quitting closes the control socket, possibly before the answer is sent
            }
        }
        return process.waitFor(timeout, unit);
    }

    /** baresip's output, without the call status line it rewrites several times a second. */
    String log() {
        return readLog(home);
    }

    private static String readLog(Path home) {
        try {
            String log = Files.readString(home.resolve("baresip.log"), StandardCharsets.UTF_8);
            return log.replaceAll("\\[\\d+:\\d\\d:\\d\\d\\] audio=\\d+/\\d+ \\(bit/s\\)\\s*", "");
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Closes the control connection and ends baresip: SIGTERM (it hangs up and unregisters), then SIGKILL. */
    @Override
    public void close() throws IOException {
        try {
            control.close();
        } finally {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void readMessages() {
        try (InputStream in = control.getInputStream()) {
            while (true) {
                int length = 0;
                int c;
                while ((c = in.read()) != ':') {
                    if (c < '0' || c > '9') {
                        return; // closed (-1) or out of step
                    }
                    length = length * 10 + (c - '0');
                }
                byte[] body = in.readNBytes(length);
                if (body.length < length || in.read() != ',') {
                    return;
                }
                JsonNode message = JSON.readTree(body);
                if (message.path("event").asBoolean()) {
                    events.add(message);
                } else if (message.path("response").asBoolean()) {
                    responses.add(message);
                }
            }
        } catch (IOException e) {
            // the phone quit
        }
    }

    /**
     * A port free for SIP over UDP and TCP, with the next one free for the SIP/TLS listener
     * baresip 1.0 insists on opening; among the tests' ports (SwitchboardTestSupport.TEST_PORTS_FROM).
     */
    static int freeSipPort() {
        Random random = new Random();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = SwitchboardTestSupport.TEST_PORTS_FROM
                    + 2 * random.nextInt((SwitchboardTestSupport.TEST_PORTS_TO - SwitchboardTestSupport.TEST_PORTS_FROM) / 2);
            List<Closeable> held = new ArrayList<>();
            try {
                held.add(new DatagramSocket(port, loopback));
                held.add(new ServerSocket(port, 1, loopback));
                held.add(new ServerSocket(port + 1, 1, loopback));
                return port;
            } catch (IOException e) {
                // taken: try another
            } finally {
                for (Closeable socket : held) {
                    try {
                        socket.close();
                    } catch (IOException e) {
                        // nothing to do
                    }
                }
            }
        }
        throw new IllegalStateException("no free pair of SIP ports for baresip");
    }
}
