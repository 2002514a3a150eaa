package org.switchboard.itests;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * SIPp for the SIP itests, run from the probe inside the container: the scenarios come from the
 * directory in {@code switchboard.itest.sipp} (itests/src/test/resources/sipp).
 */
final class SipSupport {
    private SipSupport() {}

    /** Runs one scenario against {@code 127.0.0.1:sipPort}; returns "exit N" and what SIPp reported. */
    static String sipp(String scenario, int localPort, int sipPort, String... extra) throws Exception {
        Path work = Files.createTempDirectory("sipp-it-");
        Process process;
        try {
            process = start(scenario, localPort, work, List.of(extra), "127.0.0.1:" + sipPort);
        } catch (IOException e) {
            throw new AssertionError("SIPp is not installed (`sipp` not on PATH): apt-get install sip-tester", e);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "killed after 60 s";
        }
        String report = "exit " + process.exitValue() + "\n" + read(work.resolve("errors.log"));
        return process.exitValue() == 0 ? report : report + "\n" + read(work.resolve("output.log"));
    }

    /**
     * Starts a scenario that waits for requests (a phone) on {@code localPort}; output goes to
     * {@code work}, every message it sent and received to {@code work/messages.log}.
     */
    static Process serve(String scenario, int localPort, Path work, String... extra) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("-trace_msg", "-message_file",
                work.resolve("messages.log").toString()));
        arguments.addAll(List.of(extra));
        return start(scenario, localPort, work, arguments, null);
    }

    /** Waits for a phone started with {@link #serve}; returns "exit N" and what SIPp reported. */
    static String finish(Process phone, Path work) throws Exception {
        if (!phone.waitFor(60, TimeUnit.SECONDS)) {
            phone.destroyForcibly();
            return "killed after 60 s\n" + read(work.resolve("errors.log")) + read(work.resolve("messages.log"));
        }
        String report = "exit " + phone.exitValue() + "\n" + read(work.resolve("errors.log"));
        return phone.exitValue() == 0 ? report : report + "\n" + read(work.resolve("messages.log"));
    }

    private static Process start(String scenario, int localPort, Path work, List<String> extra, String remote)
            throws IOException {
        Path scenarios = Path.of(System.getProperty("switchboard.itest.sipp"));
        List<String> command = new ArrayList<>(List.of("sipp", "-sf", scenarios.resolve(scenario).toString(), "-m", "1",
                "-i", "127.0.0.1", "-p", String.valueOf(localPort), "-mp", String.valueOf(freeMediaPorts()),
                "-t", "u1", "-nostdin", "-timeout", "30s", "-timeout_error", "-trace_err", "-error_file",
                work.resolve("errors.log").toString()));
        command.addAll(extra);
        if (remote != null) {
            command.add(remote);
        }
        return new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("output.log").toFile()).start();
    }

    /**
     * A base port for SIPp's media sockets (-mp): SIPp binds it and the next three (audio and video,
     * RTP and RTCP), so four consecutive UDP ports must be free; taken below the kernel's ephemeral
     * range, so no socket opened meanwhile lands there.
     */
    static int freeMediaPorts() {
        Random random = new Random();
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = 10000 + 2 * random.nextInt(5000);
            List<DatagramSocket> held = new ArrayList<>();
            try {
                for (int port = base; port < base + 4; port++) {
                    held.add(new DatagramSocket(port, InetAddress.getLoopbackAddress()));
                }
                return base;
            } catch (IOException e) {
                // taken: try another block
            } finally {
                held.forEach(DatagramSocket::close);
            }
        }
        throw new IllegalStateException("no four consecutive free UDP ports for SIPp media");
    }

    static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
