package org.switchboard.core.internal;

import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegRole;
import org.switchboard.api.media.AudioClip;
import org.switchboard.api.media.MediaService;
import org.switchboard.api.media.Tone;
import org.switchboard.core.internal.MediaPlan.Attached;
import org.switchboard.core.internal.MediaPlan.Attachment;
import org.switchboard.core.internal.MediaPlan.Bridged;
import org.switchboard.core.internal.MediaPlan.Hearing;
import org.switchboard.core.internal.MediaPlan.Playing;
import org.switchboard.core.internal.MediaPlan.Wiring;

/**
 * Carries out the {@link MediaPlan} of a call on the media engine after each change: only what
 * differs from what an endpoint already hears is sent, so a change that leaves the media alone
 * costs no media call. Runs under the call's lock, so two changes to one call wire in order.
 */
final class MediaWiring {
    private static final Logger LOG = LoggerFactory.getLogger(MediaWiring.class);

    /** Where each live leg's audio is, by leg id (legs keep their id when a warm transfer moves them). */
    private final Map<UUID, Attachment> attachments = new ConcurrentHashMap<>();
    /** What each endpoint was last told. */
    private final AppliedWirings applied = new AppliedWirings();
    /** The capture running for each call, as media was told. */
    private final Map<UUID, RunningCapture> captures = new ConcurrentHashMap<>();

    /** {@code endpointId} is null when media refused to open the file: the call goes on unrecorded. */
    private record RunningCapture(UUID recordingId, UUID endpointId, boolean paused) {}
    private volatile MediaService media;

    void bind(MediaService media) {
        applied.clear(); // a new engine knows nothing of what the last one was told
        this.media = media;
    }

    void unbind(MediaService media) {
        if (this.media == media) {
            this.media = null;
            applied.clear();
        }
    }

    void attach(UUID legId, Attachment attachment) {
        Attachment previous = attachments.put(legId, attachment);
        if (previous instanceof Attached old && !(attachment instanceof Attached now && now.equals(old))) {
            applied.remove(old.endpointId()); // the adapter owns the old endpoint now
        }
    }

    Attachment attachment(UUID legId) {
        return attachments.getOrDefault(legId, MediaPlan.PENDING);
    }

    Optional<UUID> endpointOf(UUID legId) {
        return attachment(legId) instanceof Attached attached ? Optional.of(attached.endpointId()) : Optional.empty();
    }

    /** How long the leg's endpoint has received no RTP (the call watchdog asks); empty without endpoint or media. */
    Optional<Duration> idle(UUID legId) {
        MediaService engine = media;
        Optional<UUID> endpoint = endpointOf(legId);
        if (engine == null || endpoint.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(engine.idle(endpoint.get()));
        } catch (NoSuchElementException e) {
            return Optional.empty(); // released meanwhile
        }
    }

    /** Wires the call as its plan says; forgets the legs that ended. */
    void apply(Call call, MediaPlan.Attachment consultationCaller, Optional<UUID> lent, Optional<AudioClip> greeting) {
        Map<UUID, Wiring> plan = MediaPlan.of(call,
                leg -> leg.role() == LegRole.CALLER && call.consultOf().isPresent()
                        ? consultationCaller : attachment(leg.id()),
                lent, greeting);
        MediaService engine = media;
        if (engine != null) {
            plan.forEach((endpoint, wiring) -> wire(engine, endpoint, wiring));
        }
        call.legs().stream().filter(l -> !l.state().isLive()).map(Leg::id).forEach(this::forget);
    }

    /**
     * Has media capture what the call wants captured: starts once the target leg's endpoint is
     * attached, follows pause and resume, and stops (the file complete when this returns) when the
     * target goes away or changes.
     *
     * @return true when media started capturing the target just now
     */
    boolean capture(UUID callId, Optional<CaptureTarget> wanted) {
        MediaService engine = media;
        RunningCapture running = captures.get(callId);
        if (running != null && (wanted.isEmpty() || !wanted.get().recordingId().equals(running.recordingId()))) {
            captures.remove(callId);
            UUID capturing = running.endpointId();
            if (engine != null && capturing != null) {
                quietly(capturing, "stop capturing", () -> engine.stopCapture(capturing));
            }
            running = null;
        }
        if (wanted.isEmpty() || engine == null) {
            return false;
        }
        CaptureTarget target = wanted.get();
        boolean started = false;
        if (running == null) {
            Optional<UUID> endpoint = endpointOf(target.legId());
            if (endpoint.isEmpty()) {
                return false; // starts when the leg's audio is attached
            }
            running = start(engine, callId, target, endpoint.get());
            captures.put(callId, running);
            started = running.endpointId() != null;
        }
        if (running.endpointId() != null && running.paused() != target.paused()) {
            UUID endpoint = running.endpointId();
            quietly(endpoint, "pause capturing", () -> engine.pauseCapture(endpoint, target.paused()));
            captures.put(callId, new RunningCapture(running.recordingId(), endpoint, target.paused()));
        }
        return started;
    }

    /** Whether media is writing this recording of the call (it started, and has not been stopped). */
    boolean isCapturing(UUID callId, UUID recordingId) {
        RunningCapture running = captures.get(callId);
        return running != null && running.endpointId() != null && running.recordingId().equals(recordingId);
    }

    private static RunningCapture start(MediaService engine, UUID callId, CaptureTarget target, UUID endpoint) {
        try {
            engine.startCapture(endpoint, target.file(), target.layout());
            return new RunningCapture(target.recordingId(), endpoint, false);
        } catch (NoSuchElementException e) {
            LOG.debug("endpoint={} gone before capturing: {}", endpoint, e.toString());
        } catch (RuntimeException e) {
            // a full disk or a bad directory must not break the call
            LOG.warn("call={} recording={} cannot be captured to {}: {}", callId, target.recordingId(), target.file(),
                    e.toString());
        }
        return new RunningCapture(target.recordingId(), null, false);
    }

    /** How long the leg's far end has been silent, when its endpoint is attached. */
    Optional<Duration> silence(UUID legId) {
        MediaService engine = media;
        if (engine == null) {
            return Optional.empty();
        }
        return endpointOf(legId).flatMap(endpoint -> {
            try {
                return Optional.of(engine.silence(endpoint));
            } catch (NoSuchElementException e) {
                return Optional.empty();
            }
        });
    }

    private void forget(UUID legId) {
        Attachment gone = attachments.remove(legId);
        if (gone instanceof Attached attached) {
            applied.remove(attached.endpointId());
        }
    }

    void sendDtmf(UUID legId, String digits) {
        MediaService engine = media;
        endpointOf(legId).ifPresent(endpoint -> {
            if (engine != null) {
                quietly(endpoint, "send DTMF", () -> engine.sendDtmf(endpoint, digits));
            }
        });
    }

    private void wire(MediaService engine, UUID endpoint, Wiring wanted) {
        Wiring before = applied.get(endpoint);
        if (!wanted.hearing().equals(before.hearing())) {
            hear(engine, endpoint, wanted.hearing(), before.hearing());
        }
        if (wanted.muted() != before.muted()) {
            quietly(endpoint, "mute", () -> engine.mute(endpoint, wanted.muted()));
        }
        applied.put(endpoint, wanted);
    }

    private void hear(MediaService engine, UUID endpoint, Hearing wanted, Hearing before) {
        if (wanted instanceof Bridged bridge) {
            join(engine, endpoint, bridge);
            return;
        }
        if (before instanceof Bridged) {
            quietly(endpoint, "unbridge", () -> engine.unbridge(endpoint));
        }
        if (wanted instanceof MediaPlan.PlayingClip clip) {
            quietly(endpoint, "play a clip", () -> engine.playClip(endpoint, clip.clip()));
            return;
        }
        if (wanted instanceof MediaPlan.Listening listening) {
            quietly(endpoint, "listen", () -> engine.listen(endpoint, listening.source()));
            return;
        }
        Tone tone = wanted instanceof Playing playing ? playing.tone() : Tone.SILENCE;
        if (!(before instanceof MediaPlan.Silent && tone == Tone.SILENCE)) {
            quietly(endpoint, "play " + tone, () -> engine.play(endpoint, tone));
        }
    }

    /**
     * Bridges (or conferences) the members once for all of them; the engine takes each member out
     * of whatever it was in, so endpoints that shared a bridge with a member but are not in this
     * one hear silence now.
     */
    private void join(MediaService engine, UUID endpoint, Bridged bridge) {
        Set<UUID> members = bridge.members();
        members.stream().filter(m -> applied.get(m).hearing() instanceof Playing)
                .forEach(m -> quietly(m, "stop its tone", () -> engine.play(m, Tone.SILENCE)));
        boolean joined = members.size() == 2
                ? quietly(endpoint, "bridge", () -> {
                    UUID[] pair = members.toArray(UUID[]::new);
                    engine.bridge(pair[0], pair[1]);
                })
                : quietly(endpoint, "conference", () -> engine.conference(members.toArray(UUID[]::new)));
        for (UUID other : applied.leftBehindBy(members)) {
            applied.hear(other, new MediaPlan.Silent());
        }
        if (joined) {
            members.forEach(member -> applied.hear(member, bridge));
        }
    }

    /** An endpoint its adapter released meanwhile is no error: the leg is ending. */
    private static boolean quietly(UUID endpoint, String what, Runnable action) {
        try {
            action.run();
            return true;
        } catch (NoSuchElementException | IllegalArgumentException | IllegalStateException e) {
            LOG.debug("endpoint={} cannot {}: {}", endpoint, what, e.toString());
            return false;
        }
    }
}
