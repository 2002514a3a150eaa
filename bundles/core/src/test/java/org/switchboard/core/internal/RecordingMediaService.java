package org.switchboard.core.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.switchboard.api.media.AudioClip;
import org.switchboard.api.media.CaptureLayout;
import org.switchboard.api.media.MediaEndpoint;
import org.switchboard.api.media.MediaService;
import org.switchboard.api.media.RemoteMedia;
import org.switchboard.api.media.Tone;

/**
 * Keeps the state the media engine would be in after core's calls, as the engine defines it: an
 * endpoint is in at most one bridge or conference, bridging it takes it out of the last one, and a
 * tone plays to an endpoint instead of bridged audio. Counts the calls, so tests can check that a
 * change which does not touch the media makes none.
 */
final class RecordingMediaService implements MediaService {
    private final Map<UUID, Set<UUID>> groups = new HashMap<>();
    private final Map<UUID, Tone> playing = new HashMap<>();
    private final Set<UUID> muted = new HashSet<>();
    final List<String> dtmf = new ArrayList<>();
    int calls;

    /** The endpoints an endpoint hears (empty when unbridged). */
    synchronized Set<UUID> hears(UUID endpoint) {
        Set<UUID> group = groups.getOrDefault(endpoint, Set.of());
        Set<UUID> others = new HashSet<>(group);
        others.remove(endpoint);
        return others;
    }

    synchronized Optional<Tone> tone(UUID endpoint) {
        return Optional.ofNullable(playing.get(endpoint));
    }

    synchronized boolean muted(UUID endpoint) {
        return muted.contains(endpoint);
    }

    @Override
    public MediaEndpoint allocate(UUID legId) {
        throw new UnsupportedOperationException("core never allocates");
    }

    @Override
    public void setRemote(UUID endpointId, RemoteMedia remote) {
        throw new UnsupportedOperationException("core never sets remotes");
    }

    @Override
    public synchronized void bridge(UUID a, UUID b) {
        conference(a, b);
    }

    @Override
    public synchronized void conference(UUID... endpoints) {
        calls++;
        Set<UUID> group = new HashSet<>(List.of(endpoints));
        group.forEach(e -> {
            detach(e);
            clips.remove(e); // a bridge replaces a clip or one-way listening, not a tone
            listening.remove(e);
        });
        group.forEach(e -> groups.put(e, group));
    }

    @Override
    public synchronized void unbridge(UUID endpointId) {
        calls++;
        detach(endpointId);
    }

    private void detach(UUID endpoint) {
        Set<UUID> group = groups.remove(endpoint);
        if (group != null) {
            group.remove(endpoint);
            if (group.size() < 2) {
                group.forEach(groups::remove);
            }
        }
    }

    @Override
    public synchronized void play(UUID endpointId, Tone tone) {
        calls++;
        clips.remove(endpointId);
        listening.remove(endpointId);
        if (tone == Tone.SILENCE) {
            playing.remove(endpointId);
        } else {
            playing.put(endpointId, tone);
        }
    }

    @Override
    public synchronized void mute(UUID endpointId, boolean mute) {
        calls++;
        if (mute) {
            muted.add(endpointId);
        } else {
            muted.remove(endpointId);
        }
    }

    @Override
    public synchronized void sendDtmf(UUID endpointId, String digits) {
        calls++;
        dtmf.add(endpointId + " " + digits);
    }


    /** A capture media was told to run, as it stands now. */
    record Capturing(Path file, CaptureLayout layout, boolean paused) {}

    private final Map<UUID, AudioClip> clips = new HashMap<>();
    private final Map<UUID, UUID> listening = new HashMap<>();
    private final Map<UUID, Capturing> capturing = new HashMap<>();
    /** Finished captures, in the order they stopped. */
    final List<Path> finished = new ArrayList<>();
    final Map<UUID, Duration> silences = new HashMap<>();
    /** How long each endpoint has received no packet, as the test sets it; zero by default. */
    final Map<UUID, Duration> idles = new HashMap<>();

    synchronized Optional<AudioClip> clip(UUID endpoint) {
        return Optional.ofNullable(clips.get(endpoint));
    }

    /** The endpoint whose far end this one listens to. */
    synchronized Optional<UUID> listensTo(UUID endpoint) {
        return Optional.ofNullable(listening.get(endpoint));
    }

    synchronized Optional<Capturing> capture(UUID endpoint) {
        return Optional.ofNullable(capturing.get(endpoint));
    }

    @Override
    public synchronized void playClip(UUID endpointId, AudioClip clip) {
        calls++;
        stopHearing(endpointId);
        clips.put(endpointId, clip);
    }

    @Override
    public synchronized void listen(UUID listenerEndpointId, UUID sourceEndpointId) {
        calls++;
        stopHearing(listenerEndpointId);
        listening.put(listenerEndpointId, sourceEndpointId);
    }

    private void stopHearing(UUID endpoint) {
        detach(endpoint);
        playing.remove(endpoint);
        clips.remove(endpoint);
        listening.remove(endpoint);
    }

    @Override
    public synchronized Duration silence(UUID endpointId) {
        return silences.getOrDefault(endpointId, Duration.ZERO);
    }

    @Override
    public synchronized Duration idle(UUID endpointId) {
        return idles.getOrDefault(endpointId, Duration.ZERO);
    }

    @Override
    public synchronized void startCapture(UUID endpointId, Path file, CaptureLayout layout) {
        calls++;
        capturing.put(endpointId, new Capturing(file, layout, false));
    }

    @Override
    public synchronized void pauseCapture(UUID endpointId, boolean paused) {
        calls++;
        capturing.computeIfPresent(endpointId, (e, c) -> new Capturing(c.file(), c.layout(), paused));
    }

    @Override
    public synchronized void stopCapture(UUID endpointId) {
        calls++;
        Capturing stopped = capturing.remove(endpointId);
        if (stopped != null) {
            finished.add(stopped.file());
        }
    }

    @Override
    public void release(UUID endpointId) {}
}
