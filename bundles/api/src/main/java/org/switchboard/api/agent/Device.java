package org.switchboard.api.agent;

import java.util.Objects;
import java.util.UUID;

/**
 * One of an agent's devices.
 *
 * @param address SIP AOR or contact for SIP phones, E.164 number for external devices, the
 *     session id for WebRTC
 * @param label what the agent calls it ("Desk phone", "Mobile")
 */
public record Device(UUID id, UUID agentId, DeviceKind kind, String address, String label) {
    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(label, "label");
    }
}
