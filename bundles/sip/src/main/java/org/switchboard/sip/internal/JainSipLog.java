package org.switchboard.sip.internal;

import gov.nist.core.CommonLogger;
import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jain-sip's log, through SLF4J, costing nothing while it is off. jain-sip's own {@code LogWriter}, at any
 * level but off, builds every debug message it is handed, guarded or not, and prefixes its caller by creating
 * an exception for the stack trace: a 1xx that opens an early dialog logs one unguarded debug line, which cost
 * 1–2 % of the CPU and 3 % of the bytes allocated per call at 800 calls a second (bench/README.md).
 * <p>
 * Errors and warnings go to the log as before. jain-sip's info level is its message trace (every message sent
 * and received, credentials included) and its debug level its internals: both only while the logger
 * {@value #NAME} is at TRACE ({@code log:set TRACE gov.nist.javax.sip}; seen within a second: jain-sip asks
 * whether a level is on dozens of times per message, and asking pax-logging each time cost ~0.8 % of the CPU).
 */
final class JainSipLog implements StackLogger {
    static final String NAME = "gov.nist.javax.sip";
    private static final JainSipLog INSTANCE = new JainSipLog(LoggerFactory.getLogger(NAME));

    private static final long RECHECK_NANOS = 1_000_000_000L;
    /** Stacks made and not yet stopped that log through this. */
    private static int stacks; // guarded by JainSipLog.class

    private final Logger log;
    private volatile long checkedAt;
    private volatile boolean errorOn;
    private volatile boolean warnOn;
    private volatile boolean traceOn;

    JainSipLog(Logger log) {
        this.log = log;
        recheck(System.nanoTime());
    }

    /**
     * Makes this the log of every jain-sip stack in this class space. jain-sip keeps one log for all its stacks
     * (a static) and each new stack sets its own there, so this is called after a stack is made.
     */
    static synchronized void install() {
        stacks++;
        CommonLogger.legacyLogger = INSTANCE;
    }

    /**
     * After a stack stopped: once none is left, jain-sip's slot no longer holds this, so a sip bundle uninstalled
     * (or replaced) is not kept in memory by the jain-sip bundle that stays.
     */
    static synchronized void release() {
        stacks = Math.max(0, stacks - 1);
        if (stacks == 0 && CommonLogger.legacyLogger == INSTANCE) {
            CommonLogger.legacyLogger = null; // jain-sip then logs through log4j directly, errors only
        }
    }

    static synchronized int stacksLogging() {
        return stacks;
    }

    @Override
    public boolean isLoggingEnabled() {
        return isLoggingEnabled(TRACE_ERROR);
    }

    @Override
    public boolean isLoggingEnabled(int level) {
        long now = System.nanoTime();
        if (now - checkedAt > RECHECK_NANOS) {
            recheck(now);
        }
        if (level <= TRACE_ERROR) {
            return errorOn;
        }
        return level <= TRACE_WARN ? warnOn : traceOn;
    }

    /** Races are harmless: every thread reads the same levels. */
    private void recheck(long now) {
        errorOn = log.isErrorEnabled();
        warnOn = log.isWarnEnabled();
        traceOn = log.isTraceEnabled();
        checkedAt = now;
    }

    @Override
    public void logDebug(String message) {
        if (isLoggingEnabled(TRACE_DEBUG)) {
            log.trace(message);
        }
    }

    @Override
    public void logDebug(String message, Exception e) {
        if (isLoggingEnabled(TRACE_DEBUG)) {
            log.trace(message, e);
        }
    }

    @Override
    public void logTrace(String message) {
        logDebug(message);
    }

    /** jain-sip's info is its message trace: credentials included, so as guarded as its debug lines. */
    @Override
    public void logInfo(String message) {
        logDebug(message);
    }

    @Override
    public void logStackTrace() {
        logStackTrace(TRACE_DEBUG);
    }

    @Override
    public void logStackTrace(int level) {
        if (!isLoggingEnabled(level)) {
            return;
        }
        Exception here = new Exception("stack trace");
        if (level <= TRACE_ERROR) {
            log.error("stack trace", here);
        } else if (level <= TRACE_WARN) {
            log.warn("stack trace", here);
        } else {
            log.trace("stack trace", here);
        }
    }

    @Override
    public void logWarning(String message) {
        log.warn(message);
    }

    @Override
    public void logError(String message) {
        log.error(message);
    }

    @Override
    public void logError(String message, Exception e) {
        log.error(message, e);
    }

    @Override
    public void logFatalError(String message) {
        log.error(message);
    }

    @Override
    public void logException(Throwable e) {
        log.error(e.getMessage(), e);
    }

    @Override
    public String getLoggerName() {
        return log.getName();
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void disableLogging() {
        // the level is the logging configuration's (etc/org.ops4j.pax.logging.cfg or log:set)
    }

    @Override
    public void enableLogging() {
        // as above
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
        // jain-sip's LogWriter printed it once in its own file; nothing to print here
    }

    @Override
    public void setStackProperties(Properties properties) {
        // the stack's TRACE_LEVEL and DEBUG_LOG were for LogWriter
    }
}
