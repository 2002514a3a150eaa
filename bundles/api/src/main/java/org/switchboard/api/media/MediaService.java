package org.switchboard.api.media;

import java.nio.file.Path;
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
     * Starts writing what the endpoint sends and receives to a raw capture file (stereo, one
     * channel per direction, 8 kHz 16-bit PCM WAV that stays playable if the process dies).
     */
    void startCapture(UUID endpointId, Path file);

    void stopCapture(UUID endpointId);

    /** Frees the ports; further calls with this id throw. */
    void release(UUID endpointId);
}
