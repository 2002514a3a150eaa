package org.switchboard.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        // set only inside the Karaf under test; a test JVM has no karaf.log of its own
        String karafData = System.getProperty("karaf.data");
        if (karafData != null && keep(Path.of(karafData), test.getClassName() + "." + test.getMethodName())) {
            System.err.println("karaf.log of " + test.getDisplayName() + " kept in " + folder());
        }
    }
}
