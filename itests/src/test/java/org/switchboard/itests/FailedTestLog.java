package org.switchboard.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;

/**
 * Keeps the karaf.log of a failed test under {@code target/karaf-logs}: the Karaf folders the
 * tests run in are deleted when they end (one per test, 77 MB each, more than a CI disk holds),
 * and the log is what a failure is read from.
 */
final class FailedTestLog extends TestWatcher {
    static final String FOLDER_PROPERTY = "switchboard.itest.logs";

    /** Where the logs go; the same absolute folder in the test JVM and in the Karaf under test. */
    static Path folder() {
        return Path.of(System.getProperty(FOLDER_PROPERTY, "target/karaf-logs"));
    }

    /** {@code -Dswitchboard.itest.keepFolders=true} keeps every test's Karaf folder, for debugging. */
    static boolean keepFolders() {
        return Boolean.getBoolean("switchboard.itest.keepFolders");
    }

    /** Copies the karaf.log under {@code data} to the logs folder as {@code name}.log; false if there is none. */
    static boolean keep(Path data, String name) {
        Path log = data.resolve("log/karaf.log");
        if (!Files.isRegularFile(log)) {
            return false;
        }
        try {
            Path target = Files.createDirectories(folder()).resolve(name + ".log");
            Files.copy(log, target, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            System.err.println("could not keep " + log + ": " + e);
            return false;
        }
    }

    @Override
    protected void failed(Throwable e, Description test) {
        Optional<Path> data = karafData();
        if (data.isPresent() && keep(data.get(), test.getClassName() + "." + test.getMethodName())) {
            System.err.println("karaf.log of " + test.getDisplayName() + " kept in " + folder());
        }
    }

    /**
     * The data folder of the Karaf under test: its own, when the test runs inside it (Pax Exam's probe);
     * else the newest one Pax Exam unpacked, for the tests that boot it in server mode and run here,
     * in the test JVM (the browser tests). Tests that start {@link SwitchboardServer} keep theirs when
     * they destroy it.
     */
    private static Optional<Path> karafData() {
        String inKaraf = System.getProperty("karaf.data");
        if (inKaraf != null) {
            return Optional.of(Path.of(inKaraf));
        }
        if (!Files.isDirectory(SwitchboardTestSupport.EXAM_FOLDER)) {
            return Optional.empty();
        }
        Path log = Path.of("data", "log", "karaf.log");
        try (Stream<Path> logs = Files.find(SwitchboardTestSupport.EXAM_FOLDER, 4,
                (path, attributes) -> path.endsWith(log) && attributes.isRegularFile())) {
            return logs.max(Comparator.comparing(path -> path.toFile().lastModified()))
                    .map(path -> path.getParent().getParent());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not look for karaf.log under " + SwitchboardTestSupport.EXAM_FOLDER + ": " + e);
            return Optional.empty();
        }
    }
}
