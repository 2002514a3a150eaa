package org.switchboard.sip.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.switchboard.api.media.MediaEndpoint;
import org.switchboard.api.media.MediaService;
import org.switchboard.api.media.RemoteMedia;
import org.switchboard.api.media.Tone;

/** Records what core and the B2BUA ask of the media engine; endpoints get made-up even ports, no sockets. */
final class FakeMediaService implements MediaService {
    private final AtomicInteger nextPort = new AtomicInteger(30000);
    final Map<UUID, MediaEndpoint> allocated = new ConcurrentHashMap<>();
    final Map<UUID, RemoteMedia> remotes = new ConcurrentHashMap<>();
    /** Every remote set, in order (the map above keeps only the last per endpoint). */
    final List<RemoteMedia> remotesSet = new CopyOnWriteArrayList<>();
    final List<UUID> released = new CopyOnWriteArrayList<>();
    /** Every bridge made, as the set of its two endpoints. */
    final List<Set<UUID>> bridges = new CopyOnWriteArrayList<>();
    final List<Map.Entry<UUID, Tone>> played = new CopyOnWriteArrayList<>();

    @Override
    public MediaEndpoint allocate(UUID legId) {
        MediaEndpoint endpoint = new MediaEndpoint(UUID.randomUUID(), legId,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), nextPort.getAndAdd(2)));
        allocated.put(endpoint.id(), endpoint);
        return endpoint;
    }

    MediaEndpoint endpointOfLeg(UUID legId) {
        return allocated.values().stream().filter(e -> e.legId().equals(legId)).findFirst().orElseThrow();
    }

    @Override
    public void setRemote(UUID endpointId, RemoteMedia remote) {
        remotes.put(endpointId, remote);
        remotesSet.add(remote);
    }

    @Override
    public void bridge(UUID endpointA, UUID endpointB) {
        bridges.add(Set.of(endpointA, endpointB));
    }

    @Override
    public void conference(UUID... endpoints) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void unbridge(UUID endpointId) {
    }

    @Override
    public void play(UUID endpointId, Tone tone) {
        played.add(Map.entry(endpointId, tone));
    }

    @Override
    public void mute(UUID endpointId, boolean muted) {
    }

    @Override
    public void sendDtmf(UUID endpointId, String digits) {
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
    public java.time.Duration idle(UUID endpointId) {
        return java.time.Duration.ZERO;
    }

    @Override
    public void startCapture(UUID endpointId, Path file, org.switchboard.api.media.CaptureLayout layout) {}

    @Override
    public void pauseCapture(UUID endpointId, boolean paused) {}

    @Override
    public void stopCapture(UUID endpointId) {
    }

    @Override
    public void release(UUID endpointId) {
        released.add(endpointId);
    }
}
