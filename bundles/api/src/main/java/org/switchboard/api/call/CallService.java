package org.switchboard.api.call;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.Route;

/**
 * The call state machine, the single source of truth about calls (provided by core). Adapters
 * report what happened on their legs; REST and the console ask for changes. Every change is
 * published on {@code org/switchboard/call/*} and, when a call ends, its call log is stored and
 * queued in the outbox.
 *
 * <p>Unknown ids throw {@link CallNotFoundException}; operations that do not fit the current
 * state throw {@link IllegalCallStateException}.
 */
@org.osgi.annotation.versioning.ProviderType
public interface CallService {

    /**
     * Starts a call with its caller leg, which waits (ringing) until a callee answers.
     *
     * @throws IllegalCallStateException while draining (adapters answer 503)
     */
    Call open(CallDirection direction, LegKind callerKind, Party caller, String dialed, Optional<E164> callerId);

    /** Marks the call as offered through a group (for routing stats, auto-record, logs). */
    Call assignGroup(UUID callId, UUID groupId);

    /** Offers the call to one more party; the new callee leg starts {@link LegState#DIALING}. */
    Leg addLeg(UUID callId, LegKind kind, Party callee);

    /**
     * Offers the call to one more party and has the leg driver of {@code kind} ring it, as core
     * does for transfer targets (the adapter that opened the call need not dial it itself).
     */
    Leg offer(UUID callId, LegKind kind, Party callee);

    /**
     * Offers the call where the number plan sent it: to the agent, to the group's hunt
     * ({@link #hunt}), or out through the trunk. An agent is offered the call on every device a
     * driver reaches (their SIP phones and their browser's phone line).
     *
     * @throws IllegalArgumentException for a route that leads nowhere
     */
    Call route(UUID callId, Route route);

    /**
     * Moves an agent's answered side of a call to another of their devices, the far end noticing
     * nothing: a new leg of {@code kind} for {@code device} (the agent, or their mobile number
     * through the trunk) is dialed, and when it answers the old leg is released with
     * {@link EndReason#SWITCHED} and the new one takes its place in the bridge. If the new leg
     * fails, the call goes on on the old one.
     *
     * @return the new leg
     */
    Leg switchDevice(UUID legId, LegKind kind, Party device);

    /**
     * Offers the call to a group's members in {@code route}'s order: all at once for ring-all,
     * one after another for round-robin and longest-idle. Each offer rings for the group's ring
     * timeout; a member who does not answer, is busy or rejects passes the call to the next. When
     * nobody is left, the call ends with {@link EndReason#NO_ANSWER}.
     */
    Call hunt(UUID callId, Route.ToGroup route, LegKind kind);

    /**
     * The adapter's far end can now hear and be heard on {@code endpointId} (the leg's endpoint in
     * {@link org.switchboard.api.media.MediaService}): a caller once answered, a callee once it
     * answered, a browser once its phone line carries the leg. From then on core decides what the
     * endpoint hears (bridge, ringback, hold music, mute, DTMF) until the leg ends or is attached
     * to another endpoint. The adapter still owns the endpoint and releases it when the leg ends.
     */
    Call attachMedia(UUID legId, UUID endpointId);

    /**
     * The leg's device went away without hanging up (a browser tab reloaded or crashed): the leg
     * stays in the call, its party's partners hear hold music, and a later {@link #attachMedia}
     * brings the audio back.
     */
    Call detachMedia(UUID legId);

    /** The far end of a callee leg is ringing (SIP 180). */
    Call legRinging(UUID legId);

    /**
     * A callee leg answered. The first answer bridges the call with the caller; every other
     * offered leg is released with {@link EndReason#ANSWERED_ELSEWHERE}. During a blind transfer
     * the target's answer re-bridges the waiting party.
     */
    Call legAnswered(UUID legId);

    /**
     * A leg ended at its far end. The call ends when the caller leaves before answer, when the
     * last offered leg fails, or when either side of a bridge hangs up.
     */
    Call legEnded(UUID legId, EndReason reason);

    /**
     * The agent declines a call ringing for them (the panel's Reject): their leg is released
     * ({@link EndReason#REJECTED}, the phone stops ringing) and the call goes on as if the phone
     * had answered 603: to the next member of a hunt, or it ends.
     */
    Call decline(UUID legId);

    /**
     * Replaces what the agents wrote about the call (notes, subject, picked contact, related case
     * or opportunity); published as a change, so every agent on the call sees it, and written into
     * the call log when the call ends. Consultation calls take the notes of the call they consult for.
     */
    Call annotate(UUID callId, CallNotes notes);

    /**
     * Starts, stops, pauses or resumes the call's recording (the REC button). Core decides, media
     * captures: the raw capture survives a crash and the recording bundle makes the MP3 after the
     * call. An automatic recording can be paused but not stopped.
     *
     * @throws IllegalCallStateException when the call is not connected, or the action does not fit
     *     (stopping a recording that is not running, stopping an automatic one)
     */
    Call record(UUID callId, RecordingAction action);

    /**
     * Call screening (the panel's Screen): the call, ringing for the leg's agent, goes to voicemail,
     * and the leg (already carrying media) hears the caller live, one way. Other offers stop
     * ringing.
     *
     * @throws IllegalCallStateException when the leg is not ringing, or the call has no voicemail box
     */
    Call screen(UUID legId);

    /**
     * Ends screening: the voicemail stops (the message keeps what was said so far) and the leg talks
     * with the caller as in any answered call.
     *
     * @throws IllegalCallStateException when the leg is not screening
     */
    Call pickUp(UUID legId);

    /** Ends the call and releases every live leg. */
    Call hangup(UUID callId, EndReason reason);

    /** Puts a leg on hold; its party hears music. */
    Call hold(UUID legId);

    Call resume(UUID legId);

    /** Server-side mute: the leg's audio stops reaching the others. */
    Call mute(UUID legId, boolean muted);

    /**
     * The leg's party pressed {@code digits} (0-9, *, #, A-D): they are sent to the other party
     * of its bridge, as RFC 4733 events where the far end negotiated them.
     *
     * @throws IllegalArgumentException for characters that are not DTMF digits
     */
    Call sendDtmf(UUID legId, String digits);

    /**
     * Blind transfer: {@code transferorLegId} leaves the call and {@code target} is offered it
     * while the remaining party hears ringback.
     *
     * @return the new callee leg towards the target
     */
    Leg blindTransfer(UUID transferorLegId, LegKind targetKind, Party target);

    /**
     * Warm transfer, step one: holds the other party of the transferor's call and opens a
     * consultation call from the transferor to {@code target}.
     */
    Call consult(UUID transferorLegId, LegKind targetKind, Party target);

    /** Warm transfer, step two: joins the consulted party to the held party; the transferor leaves. */
    Call completeTransfer(UUID consultCallId);

    /** Abandons a consultation: the consultation ends and the held party is resumed. */
    Call cancelTransfer(UUID consultCallId);

    /**
     * Draining refuses new calls and lets the active ones finish, before an upgrade of core, sip
     * or media ({@code sb:drain}). Consultation calls of active calls are still allowed.
     */
    void setDraining(boolean draining);

    boolean isDraining();

    Optional<Call> find(UUID callId);

    Optional<Call> findByLeg(UUID legId);

    /** Calls that have not ended, oldest first. */
    List<Call> active();
}
