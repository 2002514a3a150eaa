package org.switchboard.api.call;

import java.util.UUID;

/**
 * The adapter that carries legs of one {@link LegKind} (SIP, WebRTC, internal media). Core
 * calls it when the state machine decides something the far end must hear about, e.g. other
 * ring-all legs are released when one answers. It is told signalling only: what a leg's party
 * hears (bridge, ringback, hold music, mute, DTMF) core decides itself through
 * {@link org.switchboard.api.media.MediaService}, on the endpoint the adapter handed it with
 * {@link CallService#attachMedia}.
 *
 * <p>Drivers register as services with the service property {@value #KIND_PROPERTY} set to the
 * kind's name; core takes one driver per kind and refuses a second. Calls must return quickly
 * and do I/O on their own threads.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface LegDriver {

    /** The service property naming the {@link LegKind} a driver carries. */
    String KIND_PROPERTY = "leg.kind";

    LegKind kind();

    /**
     * Whether this driver can ring the agent now (a WebRTC driver: the agent has a phone line
     * open). Core offers a call for an agent on the kind asked for and on every other kind whose
     * driver reaches the agent; the first device to answer takes the call.
     */
    default boolean reaches(UUID agentId) {
        return true;
    }

    /**
     * Ring a callee leg that core created itself (blind-transfer and consultation targets). Legs
     * an adapter adds with {@link CallService#addLeg} are dialed by that adapter. The adapter
     * reports progress with {@code legRinging/legAnswered/legEnded} as for any other leg.
     */
    void dial(Call call, Leg leg);

    /**
     * A callee of the call rings (on any device): tell the caller leg's far end, once (SIP 180
     * Ringing). A no-op by default, for callers that need not be told.
     */
    default void alerting(Call call, Leg caller) {}

    /** The call was bridged: a caller leg still in setup is now answered (SIP 200 OK). */
    void connect(Call call, Leg leg);

    /** End the leg at the far end (CANCEL before answer, BYE after, reject for the caller). */
    void release(Call call, Leg leg, EndReason reason);

    /**
     * Tell the leg's far end it is on hold or no longer (a SIP re-INVITE with {@code a=sendonly});
     * the music itself is core's. A no-op by default, for far ends that need not be told.
     */
    default void hold(Call call, Leg leg, boolean held) {}
}
