package org.switchboard.rest.internal.ws;

import java.io.IOException;
import javax.websocket.Session;
import org.switchboard.api.agent.Role;
import org.switchboard.rest.internal.auth.AgentPrincipal;

/** One authenticated WebSocket connection and what it may see. */
record Subscriber(Session session, AgentPrincipal principal) {

    boolean mayReceive(EventMessages.Message message) {
        if (message.audience().isEmpty() || principal.agent().role().includes(Role.SUPERVISOR)) {
            return true;
        }
        return message.audience().contains(principal.agent().id().toString());
    }

    void send(String json) throws IOException {
        // the basic remote allows one writer at a time
        synchronized (session) {
            if (session.isOpen()) {
                session.getBasicRemote().sendText(json);
            }
        }
    }
}
