package org.switchboard.api.call;

/**
 * The adapter that carries legs of one {@link LegKind} (SIP, WebRTC, internal media). Core
 * calls it when the state machine decides something the far end must hear about, e.g. other
 * ring-all legs are released when one answers. Drivers register as services with the service
 * property {@code leg.kind} set to the kind's name; calls must return quickly and do I/O on
 * their own threads.
 */
public interface LegDriver {

    LegKind kind();

    /**
     * Ring a callee leg that core created itself (blind-transfer and consultation targets). Legs
     * an adapter adds with {@link CallService#addLeg} are dialed by that adapter. The adapter
     * reports progress with {@code legRinging/legAnswered/legEnded} as for any other leg.
     */
    void dial(Call call, Leg leg);

    /** The call was bridged: a caller leg still in setup is now answered (SIP 200 OK). */
    void connect(Call call, Leg leg);

    /** End the leg at the far end (CANCEL before answer, BYE after, reject for the caller). */
    void release(Call call, Leg leg, EndReason reason);

    /** Put the leg on hold (music) or take it off hold. */
    void hold(Call call, Leg leg, boolean held);

    /** Play DTMF digits to the leg's far end (RFC 4733 where negotiated, in-band otherwise). */
    void sendDtmf(Call call, Leg leg, String digits);

    /**
     * Server-side mute: the leg's audio stops reaching the others (or reaches them again). A
     * no-op by default, for drivers whose legs carry no audio of their own.
     */
    default void mute(Call call, Leg leg, boolean muted) {}
}
