package org.switchboard.api.media;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * The RTP media engine (provided by the media bundle). Every leg's audio is anchored here:
 * the SIP and WebRTC adapters allocate an endpoint per leg, put its local address in their SDP,
 * tell it what the far end announced, and core's decisions become bridge/hold/mute calls.
 *
 * <p>Unknown endpoint ids throw {@link java.util.NoSuchElementException}.
 */
public interface MediaService {

    /** Allocates an RTP/RTCP port pair for a leg. */
    MediaEndpoint allocate(UUID legId) throws MediaUnavailableException;

    /** Sets (or updates, on re-INVITE) what the far end announced. */
    void setRemote(UUID endpointId, RemoteMedia remote);

    /**
     * Relays audio both ways between two endpoints, transcoding when their codecs differ. An
     * endpoint is in at most one bridge; bridging it again replaces its previous bridge.
     */
    void bridge(UUID endpointA, UUID endpointB);

    /**
     * Joins three or more endpoints in a conference: each hears the mix of the others
     * (warm transfer's three-way talk).
     */
    void conference(UUID... endpoints);

    /** Stops relaying for the endpoint; it hears silence until bridged again. */
    void unbridge(UUID endpointId);

    /** Plays a tone or music to the endpoint instead of bridged audio; {@link Tone#SILENCE} stops it. */
    void play(UUID endpointId, Tone tone);

    /** Server-side mute: the endpoint's audio stops reaching anyone. */
    void mute(UUID endpointId, boolean muted);

    /** Sends RFC 4733 digits to the endpoint's far end (falls back to in-band tones without 4733). */
    void sendDtmf(UUID endpointId, String digits);

    /**
     * Plays {@code clip} once to the endpoint instead of bridged audio, then silence (a voicemail
     * greeting and beep); {@link #play} or a bridge replaces it.
     */
    void playClip(UUID endpointId, AudioClip clip);

    /**
     * One-way listening (call screening): {@code listener} hears what {@code source}'s far end
     * sends, and nobody hears the listener. Replaces what the listener heard; a bridge or
     * {@link #play} ends it.
     */
    void listen(UUID listenerEndpointId, UUID sourceEndpointId);

    /**
     * How long the endpoint's far end has sent nothing but silence (no packets, or audio below
     * speech level): since the endpoint was allocated when it never spoke. Voicemail ends on it.
     */
    Duration silence(UUID endpointId);

    /**
     * How long no RTP packet at all (audio, events or comfort noise) has come from the endpoint's
     * far end: since the endpoint was allocated when none ever came. Cheap enough to ask every few
     * seconds for every endpoint; the media timeout of calls is built on it.
     */
    Duration idle(UUID endpointId);

    /**
     * Starts writing what the endpoint sends and receives to a raw capture file (stereo, one
     * channel per direction, 8 kHz 16-bit PCM WAV that stays playable if the process dies), the
     * far end on the left. A capture that cannot be written (full disk, I/O error) stops, is
     * reported on {@link org.switchboard.api.event.Topics#RECORDING_STORAGE_ALERT} and in health, and the call
     * goes on.
     */
    default void startCapture(UUID endpointId, Path file) {
        startCapture(endpointId, file, CaptureLayout.FAR_END_LEFT);
    }

    /** As {@link #startCapture(UUID, Path)}, with the channels laid out as {@code layout} says. */
    void startCapture(UUID endpointId, Path file, CaptureLayout layout);

    /**
     * Pausing writes silence instead of the audio (a card number being read out) and keeps the
     * file's timeline; resuming writes audio again. No-op without a capture.
     */
    void pauseCapture(UUID endpointId, boolean paused);

    /** Finishes the capture file (complete and closed when this returns); no-op without a capture. */
    void stopCapture(UUID endpointId);

    /** Frees the ports; further calls with this id throw. */
    void release(UUID endpointId);
}
