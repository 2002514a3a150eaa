package org.switchboard.api.call;

import org.switchboard.api.number.E164;

/**
 * An internal caller for demos and checks (provided by core, {@code sb:simulate-inbound}): it calls
 * one of our numbers as if through the trunk, and whoever answers hears a spoken prompt, repeated
 * until someone hangs up. Its leg is {@link LegKind#INTERNAL}: no device, no endpoint of its own.
 */
@org.osgi.annotation.versioning.ProviderType
public interface SimulatedCaller {

    /**
     * Calls {@code to} from {@code from}, routed like a call from the trunk.
     *
     * @throws IllegalArgumentException {@code to} is not one of our numbers
     * @throws IllegalCallStateException calls are drained or call control is starting
     */
    Call simulateInbound(E164 from, String to);
}
