package org.switchboard.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The built distribution unpacked into a folder of its own and run as an admin runs it
 * ({@code bin/karaf server}), so that a test can kill it with -9 and start it again on the same
 * data, which Pax Exam cannot do (it unpacks a fresh folder per start).
 */
final class SwitchboardServer {
    /** Generous: on a machine shared with other builds a cold boot has taken over two minutes. */
    private static final Duration BOOT = Duration.ofSeconds(Long.getLong("switchboard.itest.bootSeconds", 300));

    private final Path home;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process karaf;

    private SwitchboardServer(Path home, int httpPort) {
        this.home = home;
        this.httpPort = httpPort;
    }

    /**
     * Unpacks the tar.gz named by {@code switchboard.distribution} into a new folder under
     * {@code target/servers} named after {@code test}.
     */
    static SwitchboardServer unpack(Class<?> test, int httpPort) throws Exception {
        String distribution = System.getProperty("switchboard.distribution");
        if (distribution == null || !Files.isRegularFile(Path.of(distribution))) {
            throw new IllegalStateException("build the distribution first: " + distribution);
        }
        Path parent = Files.createDirectories(Path.of("target", "servers"));
        Path folder = Files.createTempDirectory(parent.toAbsolutePath(), test.getSimpleName() + "-");
        Process tar = new ProcessBuilder("tar", "xzf", distribution, "-C", folder.toString()).inheritIO().start();
        if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IllegalStateException("could not unpack " + distribution);
        }
        try (Stream<Path> inside = Files.list(folder)) {
            Path home = inside.filter(p -> Files.isRegularFile(p.resolve("bin/karaf"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no bin/karaf in " + distribution));
            return new SwitchboardServer(home, httpPort);
        }
    }

    Path home() {
        return home;
    }

    /** Sets {@code key = value} in {@code etc/<file>}, replacing the key's line if there is one. */
    SwitchboardServer configure(String file, String key, String value) {
        Path cfg = home.resolve("etc").resolve(file);
        try {
            List<String> lines = Files.exists(cfg) ? new ArrayList<>(Files.readAllLines(cfg, StandardCharsets.UTF_8))
                    : new ArrayList<>();
            Pattern line = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*[=:].*$");
            String setting = key + " = " + value;
            boolean replaced = false;
            for (int i = 0; i < lines.size(); i++) {
                if (line.matcher(lines.get(i)).matches()) {
                    lines.set(i, setting);
                    replaced = true;
                }
            }
            if (!replaced) {
                lines.add(setting);
            }
            Files.write(cfg, lines, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SwitchboardServer configure(String file, Map<String, String> settings) {
        settings.forEach((key, value) -> configure(file, key, value));
        return this;
    }

    /** Starts {@code bin/karaf server} and waits until {@code /api/v1/health} answers UP. */
    void start() throws Exception {
        if (karaf != null && karaf.isAlive()) {
            throw new IllegalStateException("already running");
        }
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.out").toFile()));
        builder.environment().put("JAVA_MAX_MEM", "512M");
        karaf = builder.start();
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!karaf.isAlive()) {
                throw new IllegalStateException("Karaf exited with " + karaf.exitValue() + ": " + tail("console.out"));
            }
            if (healthy()) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException("Switchboard not healthy within " + BOOT + "; karaf.log: " + tail("data/log/karaf.log"));
    }

    private boolean healthy() {
        try {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/api/v1/health")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * kill -9 of the Karaf JVM: no shutdown hook, no component deactivation, nothing flushed. The
     * JVM is found among the processes by the {@code karaf.home} it was started with.
     */
    void killHard() throws InterruptedException {
        List<ProcessHandle> jvms = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(this::isOurs).orElse(false)).toList();
        if (jvms.isEmpty()) {
            throw new IllegalStateException("no Karaf JVM runs from " + home);
        }
        jvms.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle jvm : jvms) {
            jvm.onExit().orTimeout(20, TimeUnit.SECONDS).join();
        }
        if (karaf != null) {
            karaf.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private boolean isOurs(String commandLine) {
        return commandLine.contains("java") && commandLine.contains("-Dkaraf.home=" + home);
    }

    /**
     * Stops the server for good (the end of a test): forcibly, there is nothing left to keep but
     * its karaf.log, which goes to {@link FailedTestLog#folder()}; the folder itself is deleted.
     */
    void destroy() throws InterruptedException {
        if (karaf != null) {
            killHard();
        }
        Path unpacked = home.getParent();
        FailedTestLog.keep(home.resolve("data"), unpacked.getFileName().toString());
        if (!FailedTestLog.keepFolders()) {
            deleteRecursively(unpacked);
        }
    }

    /** Best effort: a folder left behind costs disk, not the test's verdict. */
    private static void deleteRecursively(Path folder) {
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + folder + ": " + e);
        }
    }

    /** The last lines of a file of the server's folder, for a failure message. */
    String tail(String file) {
        try {
            List<String> lines = Files.readAllLines(home.resolve(file), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no " + file + ")";
        }
    }

    /** Lines of karaf.log that match {@code pattern}. */
    List<String> logLines(Pattern pattern) throws IOException {
        List<String> matching = new ArrayList<>();
        for (String line : Files.readAllLines(home.resolve("data/log/karaf.log"), StandardCharsets.UTF_8)) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                matching.add(line);
            }
        }
        return matching;
    }
}
