package org.switchboard.media.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.health.Health;
import org.switchboard.api.event.EventProperties;
import org.switchboard.api.event.Topics;
import org.switchboard.api.health.HealthIndicator;
import org.switchboard.api.media.AudioClip;
import org.switchboard.api.media.CaptureLayout;
import org.switchboard.api.media.DtmfListener;
import org.switchboard.api.media.MediaEndpoint;
import org.switchboard.api.media.MediaQuality;
import org.switchboard.api.media.MediaService;
import org.switchboard.api.media.MediaTotals;
import org.switchboard.api.media.MediaUnavailableException;
import org.switchboard.api.media.RemoteMedia;
import org.switchboard.api.media.Tone;

/**
 * The RTP engine: endpoints spread over a few selector threads ({@link MediaLoop}), relayed,
 * transcoded, mixed, played to and captured. Control calls (this class) only change volatile
 * wiring under one lock; the media threads do the packet work.
 */
@Component(service = {MediaService.class, MediaQuality.class, HealthIndicator.class}, immediate = true, configurationPid = MediaEngine.PID)
@Designate(ocd = MediaEngine.Config.class)
public final class MediaEngine implements MediaService, MediaQuality, HealthIndicator {
    static final String PID = "org.switchboard.media";
    static final String HEALTH_NAME = "media";
    private static final Logger LOG = LoggerFactory.getLogger(MediaEngine.class);
    private static final long CLOSE_WAIT_MILLIS = 2000;
    /** {@link Topics#RECORDING_STORAGE_ALERT} properties the api has no constant for. */
    static final String ENDPOINT_ID = "endpointId";
    static final String FILE = "file";
    static final String ERROR = "error";

    @ObjectClassDefinition(name = "Switchboard media", description = "RTP relay, G.711 transcoding, conferences, tones, DTMF and raw capture")
    public @interface Config {
        @AttributeDefinition(description = "Local address the RTP/RTCP sockets bind to, announced in SDP (restart to change)")
        String bindAddress() default "127.0.0.1";

        @AttributeDefinition(description = "Lowest RTP port; RTP uses even ports, RTCP the next odd one")
        int portMin() default 20000;

        @AttributeDefinition(description = "Highest port (RTCP) of the range; 20000-29999 holds 5,000 legs = 2,500 relayed calls")
        int portMax() default 29999;

        @AttributeDefinition(description = "Selector threads carrying all endpoints; 0 = one per CPU core (restart to change)")
        int selectorThreads() default 0;

        @AttributeDefinition(description = "Symmetric RTP: send to where a leg's packets come from rather than to its SDP address")
        boolean latching() default true;
    }

    private final MediaSettings settings;
    private final PortPool ports;
    private final ParkedSockets parked = new ParkedSockets();
    private final List<MediaLoop> loops = new ArrayList<>();
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final CaptureWriter captures;
    private final DtmfListeners dtmfListeners = new DtmfListeners();
    private final Map<UUID, Endpoint> endpoints = new ConcurrentHashMap<>();
    /** Guards bridges and conferences, which always change two or more endpoints together. */
    private final Object wiring = new Object();
    private volatile boolean latching;
    private volatile boolean running = true;
    private volatile EventAdmin eventAdmin;
    private final AtomicInteger failedCaptures = new AtomicInteger();
    private volatile String lastCaptureFailure = "";
    /** What released endpoints received and lost, so the totals never go back when a leg ends. */
    private final LongAdder releasedPacketsIn = new LongAdder();
    private final LongAdder releasedPacketsLost = new LongAdder();

    @Activate
    public MediaEngine(Config config) {
        this(MediaSettings.of(config));
    }

    MediaEngine(MediaSettings settings) {
        this(settings, Capture.Disk.LOCAL);
    }

    /** Tests give capture files on a disk that fills up. */
    MediaEngine(MediaSettings settings, Capture.Disk captureDisk) {
        this.settings = settings;
        this.latching = settings.latching();
        this.ports = new PortPool(settings.portMin(), settings.portMax());
        this.captures = new CaptureWriter(captureDisk, this::captureFailed);
        try {
            for (int i = 0; i < settings.selectorThreads(); i++) {
                MediaLoop loop = new MediaLoop("switchboard-media-" + i);
                loops.add(loop);
                loop.start();
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot open a selector", e);
        }
        LOG.info("Media engine started bind={} ports={} selectorThreads={} latching={}",
                settings.bindAddress().getHostAddress(), ports.range(), settings.selectorThreads(), latching);
    }

    /** Latching and the port range apply at once (ports in use stay); the address and threads need a restart. */
    @Modified
    void modified(Config config) {
        MediaSettings changed;
        try {
            changed = MediaSettings.of(config);
        } catch (IllegalArgumentException e) {
            LOG.warn("Media configuration not applied: {}", e.getMessage());
            return;
        }
        latching = changed.latching();
        try {
            ports.reconfigure(changed.portMin(), changed.portMax());
            parked.takeAll().forEach(this::closeAndFree); // a port outside the new range is retired as it closes
        } catch (IllegalArgumentException e) {
            LOG.warn("Media port range not changed: {}", e.getMessage());
        }
        if (!changed.bindAddress().equals(settings.bindAddress()) || changed.selectorThreads() != settings.selectorThreads()) {
            LOG.warn("Media bindAddress/selectorThreads change takes effect when the media bundle restarts");
        }
        LOG.info("Media engine reconfigured ports={} latching={}", ports.range(), latching);
    }

    @Deactivate
    void deactivate() {
        close();
    }

    /** Closes every endpoint, finishes captures and stops all threads. */
    void close() {
        running = false;
        for (Endpoint endpoint : endpoints.values()) {
            endpoint.close();
            Capture capture = takeCapture(endpoint);
            if (capture != null) {
                captures.finish(capture);
            }
        }
        endpoints.clear();
        parked.takeAll(); // their media threads close them as they stop
        for (MediaLoop loop : loops) {
            try {
                loop.stop(CLOSE_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        captures.close();
        LOG.info("Media engine stopped");
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDtmfListener(DtmfListener listener) {
        dtmfListeners.add(listener);
    }

    void removeDtmfListener(DtmfListener listener) {
        dtmfListeners.remove(listener);
    }

    /** Optional: without EventAdmin a failed capture is only logged. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setEventAdmin(EventAdmin admin) {
        eventAdmin = admin;
    }

    void unsetEventAdmin(EventAdmin admin) {
        if (eventAdmin == admin) {
            eventAdmin = null;
        }
    }

    // --- MediaService ----------------------------------------------------------------------

    @Override
    public MediaEndpoint allocate(UUID legId) {
        Objects.requireNonNull(legId, "legId");
        if (!running) {
            throw new MediaUnavailableException("media engine is stopped");
        }
        Optional<ParkedSockets.Pair> quiet = takeQuietPair();
        if (quiet.isPresent()) {
            return adopt(legId, quiet.get());
        }
        // a port another process holds is skipped (and kept for later); each free port is tried once
        for (int attempts = ports.free(); attempts > 0; attempts--) {
            OptionalInt port = ports.take();
            if (port.isEmpty()) {
                break;
            }
            DatagramChannel rtp = null;
            try {
                rtp = open(port.getAsInt());
                DatagramChannel rtcp = open(port.getAsInt() + 1);
                return register(legId, port.getAsInt(), rtp, rtcp);
            } catch (IOException e) {
                closeQuietly(rtp);
                ports.give(port.getAsInt());
                LOG.debug("RTP port {} unavailable: {}", port.getAsInt(), e.toString());
            }
        }
        Optional<ParkedSockets.Pair> any = parked.takeQuietest();
        if (any.isPresent()) {
            return adopt(legId, any.get());
        }
        LOG.warn("leg={} no free RTP port in {} ({} endpoints)", legId, ports.range(), endpoints.size());
        throw new MediaUnavailableException("no free RTP port in " + ports.range());
    }

    @Override
    public void setRemote(UUID endpointId, RemoteMedia remote) {
        Objects.requireNonNull(remote, "remote");
        Endpoint endpoint = endpoint(endpointId);
        InetSocketAddress address = remote.address();
        if (address.isUnresolved()) {
            address = new InetSocketAddress(address.getHostString(), address.getPort());
            if (address.isUnresolved()) {
                throw new IllegalArgumentException("remote address " + address.getHostString() + " does not resolve");
            }
            remote = new RemoteMedia(address, remote.codec(), remote.telephoneEventPayloadType());
        }
        endpoint.remote(remote);
        LOG.debug("endpoint={} leg={} remote={} codec={} telephoneEvent={}", endpointId, endpoint.legId(), address,
                remote.codec(), remote.telephoneEventPayloadType());
    }

    @Override
    public void bridge(UUID endpointA, UUID endpointB) {
        Endpoint a = endpoint(endpointA);
        Endpoint b = endpoint(endpointB);
        if (a == b) {
            throw new IllegalArgumentException("cannot bridge endpoint " + endpointA + " to itself");
        }
        synchronized (wiring) {
            ensureRegistered(a);
            ensureRegistered(b);
            detach(a);
            detach(b);
            a.stopClip();
            b.stopClip();
            a.peer(b);
            b.peer(a);
        }
        LOG.debug("endpoint={} leg={} bridged to endpoint={} leg={}", a.id(), a.legId(), b.id(), b.legId());
    }

    @Override
    public void conference(UUID... endpointIds) {
        Set<Endpoint> members = new LinkedHashSet<>();
        for (UUID id : endpointIds) {
            members.add(endpoint(id));
        }
        if (members.size() < 2) {
            throw new IllegalArgumentException("a conference needs at least two distinct endpoints");
        }
        List<Endpoint> list = List.copyOf(members);
        Mixer mixer = new Mixer(list.get(0).loop(), list);
        synchronized (wiring) {
            for (Endpoint member : list) {
                ensureRegistered(member);
            }
            for (Endpoint member : list) {
                detach(member);
                member.stopClip();
            }
            mixer.admitMembers();
            mixer.loop().add(mixer);
        }
        LOG.info("endpoint={} leg={} conference with {} members {}", list.get(0).id(), list.get(0).legId(), list.size(),
                list.stream().map(Endpoint::id).toList());
    }

    @Override
    public void unbridge(UUID endpointId) {
        Endpoint endpoint = endpoint(endpointId);
        synchronized (wiring) {
            detach(endpoint);
        }
        LOG.debug("endpoint={} leg={} unbridged", endpointId, endpoint.legId());
    }

    @Override
    public void play(UUID endpointId, Tone tone) {
        Objects.requireNonNull(tone, "tone");
        Endpoint endpoint = endpoint(endpointId);
        ToneSource source = tone == Tone.SILENCE ? null : ToneSource.of(tone);
        synchronized (wiring) { // players change under the lock: a bridge ends a clip, never a tone set meanwhile
            stopListening(endpoint);
            endpoint.play(source);
        }
        LOG.debug("endpoint={} leg={} plays {}", endpointId, endpoint.legId(), tone);
    }

    @Override
    public void mute(UUID endpointId, boolean muted) {
        Endpoint endpoint = endpoint(endpointId);
        endpoint.mute(muted);
        LOG.info("endpoint={} leg={} {}", endpointId, endpoint.legId(), muted ? "muted" : "unmuted");
    }

    @Override
    public void sendDtmf(UUID endpointId, String digits) {
        Objects.requireNonNull(digits, "digits");
        Endpoint endpoint = endpoint(endpointId);
        for (int i = 0; i < digits.length(); i++) {
            if (!DtmfSender.isDigit(digits.charAt(i))) {
                throw new IllegalArgumentException("not a DTMF digit: '" + digits.charAt(i) + "'");
            }
        }
        endpoint.sendDigits(digits);
        LOG.debug("endpoint={} leg={} sends {} DTMF digits", endpointId, endpoint.legId(), digits.length());
    }

    @Override
    public void playClip(UUID endpointId, AudioClip clip) {
        Objects.requireNonNull(clip, "clip");
        Endpoint endpoint = endpoint(endpointId);
        ClipPlayer player = new ClipPlayer(clip.samples());
        synchronized (wiring) {
            stopListening(endpoint);
            endpoint.play(player);
        }
        LOG.debug("endpoint={} leg={} plays a clip of {} ms", endpointId, endpoint.legId(), clip.duration().toMillis());
    }

    @Override
    public void listen(UUID listenerEndpointId, UUID sourceEndpointId) {
        Endpoint listener = endpoint(listenerEndpointId);
        Endpoint source = endpoint(sourceEndpointId);
        if (listener == source) {
            throw new IllegalArgumentException("endpoint " + listenerEndpointId + " cannot listen to itself");
        }
        synchronized (wiring) {
            ensureRegistered(listener);
            ensureRegistered(source);
            detach(listener);
            Endpoint previous = source.listener();
            if (previous != null) { // one listener per source: the newest takes over
                previous.listeningTo(null);
            }
            listener.play(null);
            listener.listeningTo(source);
            source.listenedBy(listener);
        }
        LOG.debug("endpoint={} leg={} listens to endpoint={} leg={}", listener.id(), listener.legId(), source.id(),
                source.legId());
    }

    @Override
    public Duration silence(UUID endpointId) {
        Endpoint endpoint = endpoint(endpointId);
        return Duration.ofNanos(Math.max(0, System.nanoTime() - endpoint.lastSpeechNanos()));
    }

    @Override
    public Duration idle(UUID endpointId) {
        Endpoint endpoint = endpoint(endpointId);
        return Duration.ofNanos(Math.max(0, System.nanoTime() - endpoint.lastPacketNanos()));
    }

    @Override
    public void pauseCapture(UUID endpointId, boolean paused) {
        Endpoint endpoint = endpoint(endpointId);
        Capture capture = endpoint.capture();
        if (capture != null && capture.paused() != paused) {
            capture.pause(paused);
            LOG.info("endpoint={} leg={} capture {} file={}", endpointId, endpoint.legId(),
                    paused ? "paused" : "resumed", capture.file());
        }
    }

    @Override
    public void startCapture(UUID endpointId, Path file, CaptureLayout layout) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(layout, "layout");
        Endpoint endpoint = endpoint(endpointId);
        Capture previous = takeCapture(endpoint);
        if (previous != null) {
            captures.finish(previous);
        }
        Capture started = captures.start(endpointId, endpoint.legId(), file, layout);
        boolean released;
        // the leg's adapter may release the endpoint while the file was being opened: then no one
        // would ever finish this capture, so it is finished here
        synchronized (endpoint) {
            released = endpoints.get(endpointId) != endpoint;
            if (!released) {
                endpoint.capture(started);
            }
        }
        if (released) {
            captures.finish(started);
            throw new NoSuchElementException("media endpoint " + endpointId + " was released while its capture started");
        }
    }

    @Override
    public void stopCapture(UUID endpointId) {
        Capture capture = takeCapture(endpoint(endpointId));
        if (capture != null) {
            captures.finish(capture);
        }
    }

    /** Detaches the endpoint's capture, if any, so that exactly one caller finishes it. */
    private static Capture takeCapture(Endpoint endpoint) {
        synchronized (endpoint) {
            Capture capture = endpoint.capture();
            endpoint.capture(null);
            return capture;
        }
    }

    @Override
    public void release(UUID endpointId) {
        Endpoint endpoint = endpoints.remove(Objects.requireNonNull(endpointId, "endpointId"));
        if (endpoint == null) {
            throw new NoSuchElementException("no media endpoint " + endpointId);
        }
        synchronized (wiring) {
            detach(endpoint);
            Endpoint listener = endpoint.listener();
            if (listener != null) { // whoever listened to it now hears silence
                listener.listeningTo(null);
                endpoint.listenedBy(null);
            }
        }
        endpoint.close();
        Capture capture = takeCapture(endpoint);
        int port = endpoint.port();
        // The media thread parks (or closes) the sockets; the signalling thread that released the leg
        // does not wait for that.
        park(endpoint).whenComplete((done, failure) -> {
            MediaStats stats = endpoint.stats();
            releasedPacketsIn.add(stats.packetsIn());
            releasedPacketsLost.add(stats.lost());
            logReleased(stats, port);
        });
        if (capture != null) { // after the sockets: a slow disk must not keep the port
            captures.finish(capture);
        }
    }

    /** Legs that lost packets are worth an admin's attention; the rest only when debugging. */
    private static void logReleased(MediaStats stats, int port) {
        boolean impaired = stats.lost() > 0 || stats.dropped() > 0;
        if (impaired || LOG.isDebugEnabled()) {
            String line = "endpoint={} leg={} released port={} packets in={} out={} dropped={} lost={} jitter={}ms";
            Object[] values = {stats.endpointId(), stats.legId(), port, stats.packetsIn(), stats.packetsOut(),
                    stats.dropped(), stats.lost(), String.format(Locale.ROOT, "%.1f", stats.jitterMillis())};
            if (impaired) {
                LOG.info(line, values);
            } else {
                LOG.debug(line, values);
            }
        }
    }

    // --- MediaQuality ----------------------------------------------------------------------

    @Override
    public MediaTotals totals() {
        List<MediaStats> live = stats();
        long packetsIn = releasedPacketsIn.sum();
        long lost = releasedPacketsLost.sum();
        double jitterMax = 0;
        double jitterSum = 0;
        int receiving = 0;
        for (MediaStats s : live) {
            packetsIn += s.packetsIn();
            lost += s.lost();
            jitterMax = Math.max(jitterMax, s.jitterMillis());
            if (s.packetsIn() > 0) {
                jitterSum += s.jitterMillis();
                receiving++;
            }
        }
        return new MediaTotals(live.size(), packetsIn, lost, jitterMax, receiving == 0 ? 0 : jitterSum / receiving);
    }

    // --- HealthIndicator -------------------------------------------------------------------

    @Override
    public String name() {
        return HEALTH_NAME;
    }

    @Override
    public Health check() {
        if (!running) {
            return Health.down("stopped");
        }
        String detail = endpoints.size() + " endpoints, " + (ports.free() + parked.size()) + " free ports";
        int failed = failedCaptures.get();
        if (failed > 0) { // calls still flow: media stays UP, the admin sees recordings being lost
            detail += ", " + failed + " captures failed (last " + lastCaptureFailure + ")";
        }
        return Health.up(detail);
    }

    // --- internal accessors ----------------------------------------------------------------

    /** One endpoint's counters (for the console and tests). */
    MediaStats stats(UUID endpointId) {
        return endpoint(endpointId).stats();
    }

    List<MediaStats> stats() {
        return endpoints.values().stream().map(Endpoint::stats).toList();
    }

    /** The media threads (tests measure their allocations). */
    List<Thread> mediaThreads() {
        return loops.stream().map(MediaLoop::thread).toList();
    }

    // --- internals -------------------------------------------------------------------------

    private Endpoint endpoint(UUID id) {
        Endpoint endpoint = endpoints.get(Objects.requireNonNull(id, "endpointId"));
        if (endpoint == null) {
            throw new NoSuchElementException("no media endpoint " + id);
        }
        return endpoint;
    }

    /** Released meanwhile? (release removes it from the map before it takes the wiring lock.) */
    private void ensureRegistered(Endpoint endpoint) {
        if (endpoints.get(endpoint.id()) != endpoint) {
            throw new NoSuchElementException("no media endpoint " + endpoint.id());
        }
    }

    /**
     * Parks the released endpoint's sockets; closes them when the engine stops, when their port left the
     * range, or when as many pairs as {@link ParkedSockets} keeps are parked already.
     */
    private CompletableFuture<Void> park(Endpoint endpoint) {
        MediaLoop loop = endpoint.loop();
        if (!running || !ports.inRange(endpoint.port())) {
            return closeAndFree(loop.remove(endpoint), endpoint.port());
        }
        ParkedSockets.Pair pair = new ParkedSockets.Pair(endpoint.port(), endpoint.rtpChannel(),
                endpoint.rtcpChannel(), loop, System.nanoTime());
        // handed out only once its media thread drains it, so the next leg's adoption runs after that
        return loop.park(endpoint, pair).whenComplete((done, failure) -> {
            if (failure == null) {
                if (!parked.park(pair)) {
                    closeAndFree(pair);
                }
            } else {
                LOG.warn("endpoint={} leg={} port {} could not be parked, closed instead: {}", endpoint.id(),
                        endpoint.legId(), pair.port, failure.toString());
                closeAndFree(pair);
            }
        });
    }

    private Optional<ParkedSockets.Pair> takeQuietPair() {
        List<ParkedSockets.Pair> stale = new ArrayList<>();
        Optional<ParkedSockets.Pair> quiet = parked.takeQuiet(System.nanoTime(), stale);
        for (ParkedSockets.Pair pair : stale) {
            LOG.info("RTP port {} still receiving {} s after its leg ended: closed", pair.port,
                    ParkedSockets.STALE_NANOS / 1_000_000_000L);
            closeAndFree(pair);
        }
        return quiet;
    }

    private void closeAndFree(ParkedSockets.Pair pair) {
        closeAndFree(pair.loop.close(pair), pair.port);
    }

    /** The port goes back to the pool once the media thread has really closed its sockets. */
    private CompletableFuture<Void> closeAndFree(CompletableFuture<Void> closing, int port) {
        return closing.whenComplete((closed, failure) -> {
            if (failure == null) {
                ports.give(port);
            } else {
                LOG.warn("port {} not confirmed closed, kept out of the pool: {}", port, failure.toString());
            }
        });
    }

    private MediaEndpoint adopt(UUID legId, ParkedSockets.Pair pair) {
        Endpoint endpoint = newEndpoint(legId, pair.port, pair.rtp, pair.rtcp, pair.loop);
        pair.loop.adopt(endpoint);
        LOG.debug("endpoint={} leg={} allocated parked port={}", endpoint.id(), legId, pair.port);
        return endpoint.descriptor();
    }

    private MediaEndpoint register(UUID legId, int port, DatagramChannel rtp, DatagramChannel rtcp) {
        MediaLoop loop = loops.get(Math.floorMod(nextLoop.getAndIncrement(), loops.size()));
        Endpoint endpoint = newEndpoint(legId, port, rtp, rtcp, loop);
        loop.add(endpoint);
        LOG.debug("endpoint={} leg={} allocated port={}", endpoint.id(), legId, port);
        return endpoint.descriptor();
    }

    private Endpoint newEndpoint(UUID legId, int port, DatagramChannel rtp, DatagramChannel rtcp, MediaLoop loop) {
        MediaEndpoint descriptor = new MediaEndpoint(UUID.randomUUID(), legId,
                new InetSocketAddress(settings.bindAddress(), port));
        Endpoint endpoint = new Endpoint(descriptor, rtp, rtcp, loop, () -> latching, dtmfListeners);
        endpoints.put(descriptor.id(), endpoint);
        return endpoint;
    }

    private DatagramChannel open(int port) throws IOException {
        ProtocolFamily family = settings.bindAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
        DatagramChannel channel = DatagramChannel.open(family);
        try {
            channel.configureBlocking(false);
            channel.bind(new InetSocketAddress(settings.bindAddress(), port));
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Capture failures are an admin's alert: recordings are being lost, the call goes on. */
    private void captureFailed(Capture capture, Exception error) {
        failedCaptures.incrementAndGet();
        lastCaptureFailure = Instant.now() + " " + error.getMessage();
        EventAdmin admin = eventAdmin;
        if (admin == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(ENDPOINT_ID, capture.endpointId().toString());
        properties.put(EventProperties.LEG_ID, capture.legId().toString());
        properties.put(FILE, capture.file().toString());
        properties.put(ERROR, error.toString());
        admin.postEvent(new Event(Topics.RECORDING_STORAGE_ALERT, properties));
    }

    /** The endpoint stops hearing the one it listened to (caller holds {@link #wiring}). */
    private static void stopListening(Endpoint listener) {
        Endpoint source = listener.listeningTo();
        if (source != null) {
            if (source.listener() == listener) {
                source.listenedBy(null);
            }
            listener.listeningTo(null);
        }
    }

    /** Takes the endpoint out of its bridge, conference or listening (caller holds {@link #wiring}). */
    private void detach(Endpoint endpoint) {
        stopListening(endpoint);
        Endpoint peer = endpoint.peer();
        if (peer != null) {
            peer.peer(null);
            endpoint.peer(null);
        }
        Mixer mixer = endpoint.mixer();
        if (mixer != null) {
            List<Endpoint> left = mixer.remove(endpoint);
            if (left.size() < 2) { // one member alone is no conference: it goes back to unbridged
                for (Endpoint member : left) {
                    mixer.remove(member);
                }
                mixer.loop().remove(mixer);
            }
        }
    }

    private static void closeQuietly(DatagramChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("close failed: {}", e.toString());
            }
        }
    }
}
