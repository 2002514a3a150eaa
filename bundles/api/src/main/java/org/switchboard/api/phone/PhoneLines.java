package org.switchboard.api.phone;

import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.call.Call;
import org.switchboard.api.number.E164;

/**
 * The agents' browser phone lines (provided by the webrtc bundle). The REST WebSocket forwards each
 * tab's {@code phone} messages here; REST's call endpoints use the line for answering, click-to-call
 * and device switching. Only one tab of an agent holds the phone: the server decides, and tells
 * every tab with {@link PhoneTab#state}. Errors reach the tab as {@link PhoneTab#error}; the call
 * operations throw as {@link org.switchboard.api.call.CallService} does.
 */
@org.osgi.annotation.versioning.ProviderType
public interface PhoneLines {

    /** A tab of the agent connected; it is told at once whether it holds the phone. */
    void tabOpened(UUID agentId, String tabId, PhoneTab tab);

    /** The tab went away (WebSocket closed): a line it held drops, and its calls wait for the next one. */
    void tabClosed(UUID agentId, String tabId);

    /** "Enable calling": the phone moves to this tab; the tab that had it closes its line. */
    void take(UUID agentId, String tabId);

    /** The tab holding the phone opens its line with a WebRTC offer; the answer comes as {@link PhoneTab#answer}. */
    void open(UUID agentId, String tabId, String sdpOffer);

    /** A trickled ICE candidate of the tab's line. */
    void candidate(UUID agentId, String tabId, String candidate, String sdpMid);

    /** Whether the agent has a phone line up now. */
    boolean hasLine(UUID agentId);

    /**
     * Answers a call ringing for the agent on their phone line (the panel's Answer).
     *
     * @throws org.switchboard.api.call.IllegalCallStateException no line is up, or the call does not ring for the agent
     */
    Call answer(UUID agentId, UUID callId);

    /**
     * The panel's Screen: the call ringing for the agent goes to voicemail and the agent's phone
     * line hears the caller live, one way ({@link org.switchboard.api.call.CallService#screen});
     * {@link org.switchboard.api.call.CallService#pickUp} on the same leg turns it into a normal call.
     *
     * @throws org.switchboard.api.call.IllegalCallStateException no line is up, or the call does not ring for the agent
     */
    Call screen(UUID agentId, UUID callId);

    /**
     * Click-to-call on the phone line: the agent hears ringback at once while {@code target} is dialed
     * presenting {@code callerId} (or the agent's first allowed number).
     */
    Call call(UUID agentId, String target, Optional<E164> callerId);

    /** "Call in browser": moves the agent's side of a live call from another device onto the line. */
    Call takeCall(UUID agentId, UUID callId);
}
