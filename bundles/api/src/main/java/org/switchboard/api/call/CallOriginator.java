package org.switchboard.api.call;

import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.number.E164;

/**
 * Calls that Switchboard starts itself instead of answering a request (provided by the SIP
 * adapter): click-to-call from the agent's panel, and a simulated caller for demos and checks.
 */
public interface CallOriginator {

    /**
     * Click-to-call: rings the agent's registered phones; when the agent answers, dials
     * {@code target} (an extension, one of our numbers, or an outside number through the trunk)
     * presenting {@code callerId}, or the agent's first allowed number when empty.
     *
     * @return the call, its caller leg being the agent's phone (ringing)
     * @throws CallerIdNotAllowedException {@code callerId} is not one the agent may present
     * @throws IllegalArgumentException {@code target} cannot be routed
     * @throws IllegalCallStateException the agent has no registered phone, or calls are drained
     */
    Call originate(UUID agentId, String target, Optional<E164> callerId);

    /**
     * A simulated inbound call from {@code from} to {@code to}, routed as if it came in through
     * the trunk. Whoever answers hears a spoken prompt, repeated until someone hangs up.
     *
     * @throws IllegalArgumentException {@code to} cannot be routed
     * @throws IllegalCallStateException no one can take the call, or calls are drained
     */
    Call simulateInbound(E164 from, String to);
}
