package org.switchboard.core.internal;

import java.util.concurrent.ThreadFactory;

/** Core's background threads: named for thread dumps, and daemons, so none keeps a stopping JVM alive. */
final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Threads all named {@code name}: for executors of one thread. */
    static ThreadFactory named(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
