package org.switchboard.webrtc.internal.phone;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.switchboard.api.phone.PhoneTab;
import org.switchboard.webrtc.internal.LineState;
import org.switchboard.webrtc.internal.PhoneLine;

/**
 * One agent's phone: the tabs they have open, which of them holds the phone, its line, and the
 * call legs the line carries (or carried, until the agent's next line picks them up). Guarded by
 * {@link BrowserPhones}' lock.
 */
final class AgentPhone {
    final UUID agentId;
    /** Open tabs, oldest first. */
    final Map<String, PhoneTab> tabs = new LinkedHashMap<>();
    /** Legs carried by the line, or waiting for the next one, by leg id. */
    final Map<UUID, CarriedLeg> carried = new LinkedHashMap<>();
    /** Calls the agent asked to move onto the line ("Call in browser"): their new leg is answered at once. */
    final Set<UUID> switching = new HashSet<>();
    String activeTab;
    PhoneLine line;

    AgentPhone(UUID agentId) {
        this.agentId = agentId;
    }

    boolean lineUp() {
        return line != null && line.state() == LineState.CONNECTED;
    }

    Optional<PhoneTab> active() {
        return Optional.ofNullable(activeTab).map(tabs::get);
    }

    boolean idle() {
        return tabs.isEmpty() && carried.isEmpty() && line == null;
    }
}
