package org.switchboard.core.internal;

import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegDriver;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.Party;
import org.switchboard.api.call.SimulatedCaller;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.NumberPlan;
import org.switchboard.api.number.Route;

/**
 * {@code sb:simulate-inbound}'s callers and the driver of their {@link LegKind#INTERNAL} legs. A
 * simulated caller has no device and no endpoint: the media plan plays its spoken prompt to
 * whoever talks with it, so there is nothing to signal and nothing to dial.
 */
@Component(service = {SimulatedCaller.class, LegDriver.class}, property = LegDriver.KIND_PROPERTY + "=INTERNAL")
public final class SimulatedCallers implements SimulatedCaller, LegDriver {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedCallers.class);
    private final CallService calls;
    private final NumberPlan plan;

    @Activate
    public SimulatedCallers(@Reference CallService calls, @Reference NumberPlan plan) {
        this.calls = calls;
        this.plan = plan;
    }

    @Override
    public Call simulateInbound(E164 from, String to) {
        Route route = plan.route(to);
        if (route instanceof Route.Unroutable unroutable) {
            throw new IllegalArgumentException("cannot call " + to + ": " + unroutable.reason());
        }
        if (route instanceof Route.ToTrunk) {
            throw new IllegalArgumentException(to + " is not one of our numbers; a simulated caller only calls in");
        }
        Call call = calls.open(CallDirection.INBOUND, LegKind.INTERNAL, Party.external(from), to, Optional.of(from));
        calls.route(call.id(), route);
        LOG.info("call={} simulated caller {} -> {}", call.id(), from.value(), to);
        return calls.find(call.id()).orElse(call);
    }

    // ---- LegDriver: a simulated caller is only ever the caller ----------------------------------

    @Override
    public LegKind kind() {
        return LegKind.INTERNAL;
    }

    @Override
    public void dial(Call call, Leg leg) {
        calls.legEnded(leg.id(), EndReason.UNROUTABLE); // core never has a simulated caller called
    }

    @Override
    public void connect(Call call, Leg leg) {
        // nothing to answer: the plan plays the prompt once the call is bridged
    }

    @Override
    public void release(Call call, Leg leg, EndReason reason) {
        // nothing to hang up
    }
}
