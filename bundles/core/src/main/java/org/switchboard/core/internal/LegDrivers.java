package org.switchboard.core.internal;

import java.util.Map;
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
 * The adapters currently present, one per leg kind. A missing or failing adapter never stops
 * the state machine: the decision stands and the far end simply is not told.
 */
final class LegDrivers {
    private static final Logger LOG = LoggerFactory.getLogger(LegDrivers.class);

    private final Map<LegKind, LegDriver> byKind = new ConcurrentHashMap<>();

    void add(LegDriver driver) {
        LegDriver previous = byKind.put(driver.kind(), driver);
        if (previous != null && previous != driver) {
            LOG.warn("A second {} leg driver replaced the first one", driver.kind());
        }
    }

    void remove(LegDriver driver) {
        byKind.entrySet().removeIf(e -> e.getValue() == driver);
    }

    void dial(Call call, Leg leg) {
        send(call, leg, "dial", d -> d.dial(call, leg));
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

    void sendDtmf(Call call, Leg leg, String digits) {
        send(call, leg, "send DTMF", d -> d.sendDtmf(call, leg, digits));
    }

    void mute(Call call, Leg leg, boolean muted) {
        send(call, leg, muted ? "mute" : "unmute", d -> d.mute(call, leg, muted));
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
