package org.switchboard.api.call;

import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.number.E164;

/**
 * Click-to-call on the agent's SIP phone (provided by the SIP adapter): a call that Switchboard
 * starts itself instead of answering a request.
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
}
