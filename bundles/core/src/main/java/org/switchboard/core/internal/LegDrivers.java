package org.switchboard.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegDriver;
import org.switchboard.api.call.LegKind;

/**
 * The adapters currently present, one per leg kind, each taken for the kind its {@code leg.kind}
 * service property names. A second driver of a kind is refused loudly and kept waiting: it takes
 * over when the first leaves. A missing or failing adapter never stops the state machine: the
 * decision stands and the far end simply is not told.
 */
final class LegDrivers {
    private static final Logger LOG = LoggerFactory.getLogger(LegDrivers.class);

    private final Map<LegKind, LegDriver> byKind = new ConcurrentHashMap<>();
    private final List<LegDriver> waiting = new ArrayList<>();

    /** @param kindProperty the service's {@code leg.kind} property, which must agree with {@link LegDriver#kind()} */
    synchronized void add(LegDriver driver, Object kindProperty) {
        Optional<LegKind> kind = kindOf(driver, kindProperty);
        if (kind.isEmpty()) {
            return;
        }
        LegDriver present = byKind.putIfAbsent(kind.get(), driver);
        if (present != null && present != driver) {
            LOG.error("Refused a second {} leg driver ({}): {} carries {} legs; it takes over when that one leaves",
                    kind.get(), driver.getClass().getName(), present.getClass().getName(), kind.get());
            waiting.add(driver);
        }
    }

    private static Optional<LegKind> kindOf(LegDriver driver, Object kindProperty) {
        LegKind declared = driver.kind();
        if (kindProperty == null) {
            LOG.warn("Leg driver {} has no {} service property; taking it for {} legs", driver.getClass().getName(),
                    LegDriver.KIND_PROPERTY, declared);
            return Optional.of(declared);
        }
        if (!declared.name().equals(String.valueOf(kindProperty))) {
            LOG.error("Refused leg driver {}: its {} property says {} but it carries {} legs",
                    driver.getClass().getName(), LegDriver.KIND_PROPERTY, kindProperty, declared);
            return Optional.empty();
        }
        return Optional.of(declared);
    }

    synchronized void remove(LegDriver driver) {
        waiting.remove(driver);
        if (byKind.remove(driver.kind(), driver)) {
            waiting.stream().filter(w -> w.kind() == driver.kind()).findFirst().ifPresent(next -> {
                waiting.remove(next);
                byKind.put(next.kind(), next);
                LOG.info("{} leg driver {} took over", next.kind(), next.getClass().getName());
            });
        }
    }

    /** The kinds to ring an agent on: the kind asked for, then every other device kind whose driver reaches them. */
    List<LegKind> kindsReaching(UUID agentId, LegKind asked) {
        List<LegKind> kinds = new ArrayList<>(List.of(asked));
        for (LegKind kind : LegKind.values()) {
            LegDriver driver = byKind.get(kind);
            if (kind != asked && kind != LegKind.INTERNAL && driver != null && reaches(driver, agentId)) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    private static boolean reaches(LegDriver driver, UUID agentId) {
        try {
            return driver.reaches(agentId);
        } catch (RuntimeException e) {
            LOG.warn("{} driver failed to tell whether it reaches agent {}: {}", driver.kind(), agentId, e.toString());
            return false;
        }
    }

    void dial(Call call, Leg leg) {
        send(call, leg, "dial", d -> d.dial(call, leg));
    }

    void alerting(Call call, Leg caller) {
        send(call, caller, "alert", d -> d.alerting(call, caller));
    }

    void connect(Call call, Leg leg) {
        send(call, leg, "connect", d -> d.connect(call, leg));
    }

    void release(Call call, Leg leg, EndReason reason) {
        send(call, leg, "release", d -> d.release(call, leg, reason));
    }

    void hold(Call call, Leg leg, boolean held) {
        send(call, leg, held ? "hold" : "resume", d -> d.hold(call, leg, held));
    }

    private void send(Call call, Leg leg, String what, Consumer<LegDriver> action) {
        LegDriver driver = byKind.get(leg.kind());
        if (driver == null) {
            LOG.debug("call={} leg={} no {} driver to {}", call.id(), leg.id(), leg.kind(), what);
            return;
        }
        try {
            action.accept(driver);
        } catch (RuntimeException e) {
            LOG.warn("call={} leg={} {} driver failed to {}: {}", call.id(), leg.id(), leg.kind(), what, e.toString());
        }
    }
}
