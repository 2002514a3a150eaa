package org.switchboard.core.internal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.crm.CrmAgent;
import org.switchboard.api.crm.CrmConnector;
import org.switchboard.api.crm.CrmConnectors;
import org.switchboard.api.crm.CrmContact;
import org.switchboard.api.number.E164;

/**
 * Looks up the outside party of a new call in the CRM (the caller of an inbound call, the number
 * dialed out), off the signalling threads: a slow or failing CRM never delays a call, the match
 * simply arrives later or not at all.
 */
final class CallerMatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallerMatcher.class);

    private final CrmConnectors connectors;
    private final Executor executor;
    private final ThreadPoolExecutor owned;

    CallerMatcher(CrmConnectors connectors) {
        this.connectors = connectors;
        AtomicInteger count = new AtomicInteger();
        this.owned = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000), task -> {
            Thread thread = new Thread(task, "switchboard-crm-match-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.executor = owned;
    }

    /** Runs lookups on the caller's thread (tests). */
    CallerMatcher(CrmConnectors connectors, Executor executor) {
        this.connectors = connectors;
        this.owned = null;
        this.executor = executor;
    }

    /** The number to look up: the caller of an inbound call, the number an outbound call dialed. */
    static Optional<E164> outsideNumber(Call call) {
        if (call.direction() == CallDirection.INBOUND) {
            return call.caller().number();
        }
        if (call.direction() == CallDirection.OUTBOUND && E164.isValid(call.dialed())) {
            return Optional.of(E164.of(call.dialed()));
        }
        return Optional.empty();
    }

    /**
     * Calls {@code matched} with the contact the preferred connector has for the number, when it has
     * exactly one: several people sharing a number are for the agent to pick, not for us to guess.
     */
    void match(E164 number, Consumer<CrmContact> matched) {
        Optional<CrmConnector> connector = connectors.preferred();
        if (connector.isEmpty()) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    List<CrmContact> found = connector.get().findByPhone(CrmAgent.SWITCHBOARD, number);
                    if (found.size() == 1) {
                        matched.accept(found.get(0));
                    }
                } catch (RuntimeException e) {
                    LOG.info("CRM lookup of a caller failed ({}); the call goes on without a match", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("CRM lookups are backed up; a caller is not matched");
        }
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.shutdownNow();
        }
    }
}
