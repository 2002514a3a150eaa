package org.switchboard.sip.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs SIPp (Debian package {@code sip-tester}) on one of our scenarios, bounded by a timeout. SIPp
 * missing is a failure, not a skip: these tests are the proof that real clients get through.
 */
final class Sipp {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    record Result(int exitCode, String output, String errors) {
        boolean succeeded() {
            return exitCode == 0;
        }

        /** For assertion messages: what SIPp said went wrong. */
        String explain() {
            return "SIPp exit code " + exitCode + "\n--- errors ---\n" + errors + "\n--- output ---\n" + output;
        }
    }

    private Sipp() {}

    static Path scenarios() {
        String dir = System.getProperty("switchboard.sipp.scenarios", "src/test/resources/sipp");
        return Path.of(dir);
    }

    /** Fails with a clear message when the sipp binary cannot be run. */
    static void requireInstalled() {
        try {
            Process version = new ProcessBuilder("sipp", "-v").redirectErrorStream(true).start();
            if (!version.waitFor(10, TimeUnit.SECONDS)) {
                version.destroyForcibly();
                throw new AssertionError("`sipp -v` did not finish");
            }
        } catch (IOException e) {
            throw new AssertionError("SIPp is not installed (`sipp` not on PATH): apt-get install sip-tester", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * @param localIp the address SIPp sends from (another loopback address keeps its failures apart)
     * @param transport {@code u1} (UDP) or {@code t1} (TCP)
     */
    static Result run(String scenario, String localIp, int serverPort, String transport, String... extra)
            throws IOException, InterruptedException {
        requireInstalled();
        Path work = Files.createTempDirectory("sipp-");
        Path errors = work.resolve("errors.log");
        Path output = work.resolve("output.log");
        List<String> command = new ArrayList<>(List.of("sipp", "-sf", scenarios().resolve(scenario).toString(),
                "-m", "1", "-i", localIp, "-p", String.valueOf(TestConfig.freePort()), "-t", transport,
                "-mp", String.valueOf(TestConfig.freeMediaPorts()), "-nostdin", "-timeout", "30s", "-timeout_error",
                "-trace_err", "-error_file", errors.toString()));
        command.addAll(List.of(extra));
        command.add("127.0.0.1:" + serverPort);
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                return new Result(-1, read(output) + "\n(killed after " + TIMEOUT + ")", read(errors));
            }
            return new Result(process.exitValue(), read(output), read(errors));
        } finally {
            try (Stream<Path> files = Files.list(work)) {
                files.forEach(file -> file.toFile().delete());
            }
            Files.deleteIfExists(work);
        }
    }

    /**
     * Starts SIPp as a client from {@code localPort} without waiting for it (the test acts while the
     * scenario runs); the caller waits for it and reads {@code work}'s logs.
     */
    static Process start(String scenario, int localPort, int serverPort, String transport, Path work,
            String... extra) throws IOException {
        requireInstalled();
        List<String> command = new ArrayList<>(List.of("sipp", "-sf", scenarios().resolve(scenario).toString(),
                "-m", "1", "-i", "127.0.0.1", "-p", String.valueOf(localPort), "-t", transport,
                "-mp", String.valueOf(TestConfig.freeMediaPorts()), "-nostdin", "-timeout", "30s", "-timeout_error",
                "-trace_err", "-error_file", work.resolve("errors.log").toString()));
        command.addAll(List.of(extra));
        command.add("127.0.0.1:" + serverPort);
        return new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("output.log").toFile()).start();
    }

    /** Starts SIPp as a server (-sf scenario, waiting for our request); the caller waits for it. */
    static Process serve(String scenario, int localPort, Path work, String... extra) throws IOException {
        requireInstalled();
        List<String> command = new ArrayList<>(List.of("sipp", "-sf", scenarios().resolve(scenario).toString(),
                "-m", "1", "-i", "127.0.0.1", "-p", String.valueOf(localPort), "-t", "u1",
                "-mp", String.valueOf(TestConfig.freeMediaPorts()), "-nostdin",
                "-timeout", "30s", "-timeout_error", "-trace_err", "-error_file",
                work.resolve("errors.log").toString()));
        command.addAll(List.of(extra));
        return new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("output.log").toFile()).start();
    }

    /**
     * A copy of {@code scenario} in {@code work} with {@code text} replaced (what SIPp cannot take as a
     * -key value, such as a response's status line); returns its path, for {@link #run} or {@link #serve}.
     */
    static String variant(String scenario, String text, String replacement, Path work) throws IOException {
        String original = Files.readString(scenarios().resolve(scenario), StandardCharsets.ISO_8859_1);
        if (!original.contains(text)) {
            throw new IllegalArgumentException(scenario + " has no " + text);
        }
        Path copy = work.resolve(replacement.replaceAll("[^A-Za-z0-9]", "-") + "-" + scenario);
        Files.writeString(copy, original.replace(text, replacement), StandardCharsets.ISO_8859_1);
        return copy.toAbsolutePath().toString();
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
