package org.switchboard.core.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
        group.forEach(this::detach);
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


    @Override
    public void playClip(UUID endpointId, org.switchboard.api.media.AudioClip clip) {}

    @Override
    public void listen(UUID listenerEndpointId, UUID sourceEndpointId) {}

    @Override
    public java.time.Duration silence(UUID endpointId) {
        return java.time.Duration.ZERO;
    }

    @Override
    public void startCapture(UUID endpointId, Path file, org.switchboard.api.media.CaptureLayout layout) {}

    @Override
    public void pauseCapture(UUID endpointId, boolean paused) {}

    @Override
    public void stopCapture(UUID endpointId) {}

    @Override
    public void release(UUID endpointId) {}
}
