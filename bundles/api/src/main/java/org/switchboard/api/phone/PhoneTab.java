package org.switchboard.api.phone;

/**
 * What the server says to one browser tab about the agent's phone line (implemented by the REST
 * bundle's WebSocket, which sends each as a {@code {"type":"phone",...}} message). Calls may come
 * from any thread and must return at once.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface PhoneTab {

    /** The server's SDP answer to the tab's {@code open}. */
    void answer(String sdp);

    /** A trickled ICE candidate of the server. */
    void candidate(String candidate, String sdpMid);

    /** Whether this tab holds the agent's phone (only one tab does). */
    void state(boolean active);

    /** Something the tab asked for failed; {@code code} is stable, {@code message} for people. */
    void error(String code, String message);
}
