package org.switchboard.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.core.CommonLogger;
import gov.nist.core.LogLevels;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * jain-sip's log: errors and warnings as they come; its message trace (credentials included) and its debug
 * lines only at TRACE; every stack made uses it, whatever level the stack's properties ask for; and once the
 * last stack stopped, jain-sip no longer holds it.
 */
class JainSipLogTest {

    @Test
    void everyStackLogsThroughItWhateverItsTraceLevel() throws Exception {
        TunedSipStack stack = stack("jain-sip-log-test");
        try {
            assertThat(CommonLogger.legacyLogger).isInstanceOf(JainSipLog.class);
            // the tests' log is at INFO (simplelogger.properties): jain-sip's debug lines are off
            assertThat(((SIPTransactionStack) stack).getStackLogger().isLoggingEnabled(LogLevels.TRACE_DEBUG)).isFalse();
            assertThat(((SIPTransactionStack) stack).getStackLogger().isLoggingEnabled(LogLevels.TRACE_ERROR)).isTrue();
        } finally {
            stack.stop();
        }
    }

    @Test
    void theLastStackStoppedLeavesJainSipsSlotEmpty() throws Exception {
        int before = JainSipLog.stacksLogging();
        TunedSipStack first = stack("jain-sip-log-first");
        TunedSipStack second = stack("jain-sip-log-second");
        assertThat(JainSipLog.stacksLogging()).isEqualTo(before + 2);

        first.stop();
        first.stop(); // twice: counted once
        assertThat(JainSipLog.stacksLogging()).isEqualTo(before + 1);
        assertThat(CommonLogger.legacyLogger).as("the second stack still logs through it").isInstanceOf(JainSipLog.class);

        second.stop();
        assertThat(JainSipLog.stacksLogging()).isEqualTo(before);
        if (before == 0) {
            // an uninstalled sip bundle must not stay reachable from jain-sip's static
            assertThat(CommonLogger.legacyLogger).isNull();
        }
    }

    /** A stack whose properties ask jain-sip's own LogWriter to build every debug line. */
    private static TunedSipStack stack(String name) throws Exception {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", name);
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "DEBUG");
        return new TunedSipStack(p, DatagramGate.NONE);
    }

    @Test
    void theMessageTraceAndDebugLinesNeedTrace() {
        for (String level : List.of("ERROR", "WARN", "INFO", "DEBUG")) {
            JainSipLog log = new JainSipLog(new RecordingLogger(level).logger());
            assertThat(log.isLoggingEnabled(LogLevels.TRACE_MESSAGES)).as("message trace at %s", level).isFalse();
            assertThat(log.isLoggingEnabled(LogLevels.TRACE_DEBUG)).as("debug at %s", level).isFalse();
        }
        JainSipLog atTrace = new JainSipLog(new RecordingLogger("TRACE").logger());
        assertThat(atTrace.isLoggingEnabled(LogLevels.TRACE_MESSAGES)).isTrue();
        assertThat(atTrace.isLoggingEnabled(LogLevels.TRACE_DEBUG)).isTrue();
    }

    @Test
    void errorsAndWarningsAreLoggedAsTheyCome() {
        RecordingLogger backend = new RecordingLogger("ERROR");
        JainSipLog log = new JainSipLog(backend.logger());
        log.logError("no route to the peer");
        log.logException(new IllegalStateException("transaction gone"));
        log.logDebug("a debug line");
        log.logInfo("SIP/2.0 200 OK ... Authorization: Digest ...");

        assertThat(log.isLoggingEnabled(LogLevels.TRACE_EXCEPTION)).isTrue();
        assertThat(backend.lines).containsExactly("ERROR no route to the peer", "ERROR transaction gone");
    }

    @Test
    void atTraceADebugLineIsLoggedAsGiven() {
        RecordingLogger backend = new RecordingLogger("TRACE");
        JainSipLog log = new JainSipLog(backend.logger());
        log.logDebug("EarlyStateTimerTask created 180000");
        log.logWarning("slow peer");

        assertThat(backend.lines).containsExactly("TRACE EarlyStateTimerTask created 180000", "WARN slow peer");
    }

    @Test
    void aLevelSetAtRunTimeIsSeenWithinASecondOrSo() throws InterruptedException {
        RecordingLogger backend = new RecordingLogger("ERROR");
        JainSipLog log = new JainSipLog(backend.logger());
        assertThat(log.isLoggingEnabled(LogLevels.TRACE_DEBUG)).isFalse();

        backend.setLevel("TRACE"); // log:set TRACE gov.nist.javax.sip
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (!log.isLoggingEnabled(LogLevels.TRACE_DEBUG) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        log.logDebug("now traced");

        assertThat(backend.lines).containsExactly("TRACE now traced");
    }

    /** An SLF4J logger at a level that keeps what passes it, as a logging backend would. */
    private static final class RecordingLogger {
        private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
        private volatile int threshold;
        final List<String> lines = new ArrayList<>();

        RecordingLogger(String level) {
            setLevel(level);
        }

        void setLevel(String level) {
            this.threshold = LEVELS.indexOf(level);
        }

        Logger logger() {
            return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                    (proxy, method, args) -> {
                        String name = method.getName();
                        if (name.equals("getName")) {
                            return JainSipLog.NAME;
                        }
                        if (name.startsWith("is") && name.endsWith("Enabled")) {
                            return enabled(name.substring(2, name.length() - "Enabled".length()));
                        }
                        if (LEVELS.contains(name.toUpperCase()) && enabled(name) && args != null) {
                            lines.add(name.toUpperCase() + " " + args[0]);
                        }
                        return null;
                    });
        }

        private boolean enabled(String level) {
            return LEVELS.indexOf(level.toUpperCase()) >= threshold;
        }
    }
}
