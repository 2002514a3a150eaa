package org.switchboard.recording.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.calllog.CallLogRepository;
import org.switchboard.api.event.Topics;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingRepository;
import org.switchboard.api.recording.RecordingService;
import org.switchboard.api.recording.RecordingStatus;
import org.switchboard.api.recording.RecordingStorage;
import org.switchboard.recording.internal.audio.Channels;
import org.switchboard.recording.internal.audio.Greeting;
import org.switchboard.recording.internal.link.LinkSigner;
import org.switchboard.recording.internal.link.SigningKey;

/**
 * The recordings' files and links: post-processes media's raw captures into MP3 on one worker
 * thread (woken when a call ends), signs links, stores greetings and applies retention. It
 * holds no call state, so it can be stopped and updated during recorded calls: whatever it
 * misses stays RAW in the store until it runs again.
 */
@Component(
        service = {RecordingService.class, EventHandler.class},
        immediate = true,
        configurationPid = Recordings.PID,
        property = EventConstants.EVENT_TOPIC + "=" + Topics.CALL_ENDED)
@Designate(ocd = Recordings.Config.class)
public final class Recordings implements RecordingService, EventHandler {
    static final String PID = "org.switchboard.recording";
    private static final Logger LOG = LoggerFactory.getLogger(Recordings.class);
    private static final Duration RETENTION_PERIOD = Duration.ofHours(24);

    @ObjectClassDefinition(name = "Switchboard recording", description = "MP3 post-processing, links, retention, storage health")
    public @interface Config {
        @AttributeDefinition(description = "Call recordings: mono (caller and agent mixed) or stereo (caller left, agent right); voicemail is always mono",
                options = {@Option(label = "mono", value = "mono"), @Option(label = "stereo", value = "stereo")})
        String channels() default "mono";

        @AttributeDefinition(description = "How often to look for captures to encode, in ms (a call's end also wakes the encoder)")
        long pollMillis() default 1000;

        @AttributeDefinition(description = "Keep the raw WAV capture after the MP3 is written")
        boolean keepRaw() default true;

        @AttributeDefinition(description = "Base of the recording links on call logs and CRM Tasks, as users' browsers reach the server")
        String publicUrl() default "http://localhost:8181";

        @AttributeDefinition(description = "Delete recordings this many days after they started; 0 keeps them forever")
        int retentionDays() default 90;

        @AttributeDefinition(description = "Health is DOWN and an alert is raised below this much free space under the recordings directory, in MB")
        long minFreeMegabytes() default 500;
    }

    private final RecordingRepository recordings;
    private final RecordingEvents events;
    private final LinkSigner signer;
    private final Clock clock;
    private final Function<UUID, Path> greetings;
    private final PostProcessor processor;
    private final PostProcessingWorker worker;
    private final Retention retention;
    private final ScheduledExecutorService retentionTimer;
    private volatile Settings settings;

    @Activate
    public Recordings(@Reference RecordingRepository recordings, @Reference CallLogRepository callLogs,
            @Reference EventAdmin eventAdmin, Config config) throws IOException {
        this(recordings, callLogs, eventAdmin, settingsOf(config), SigningKey.loadOrCreate(SigningKey.defaultFile()),
                RecordingStorage::greeting, Clock.systemUTC());
        start();
    }

    /** Built but not started: tests drive {@link #postProcessNow()} and {@link #applyRetention()} themselves. */
    Recordings(RecordingRepository recordings, CallLogRepository callLogs, EventAdmin eventAdmin, Settings settings,
            byte[] signingKey, Function<UUID, Path> greetings, Clock clock) {
        this.recordings = recordings;
        this.events = new RecordingEvents(eventAdmin);
        this.settings = settings;
        this.signer = new LinkSigner(signingKey, clock);
        this.greetings = greetings;
        this.clock = clock;
        this.processor = new PostProcessor(recordings, callLogs, this::link, events, () -> this.settings, clock);
        this.worker = new PostProcessingWorker(processor, () -> this.settings.poll());
        this.retention = new Retention(recordings, this::deleteFilesAndRow, clock);
        this.retentionTimer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "recording-retention");
            thread.setDaemon(true);
            return thread;
        });
    }

    private void start() {
        worker.start();
        retentionTimer.scheduleAtFixedRate(this::applyRetentionSafely, 0, RETENTION_PERIOD.toMinutes(), TimeUnit.MINUTES);
    }

    @Modified
    void modified(Config config) {
        settings = settingsOf(config);
        retentionTimer.execute(this::applyRetentionSafely);
        worker.wake();
    }

    @Deactivate
    void deactivate() {
        worker.stop();
        retentionTimer.shutdownNow();
    }

    static Settings settingsOf(Config config) {
        try {
            return new Settings(Channels.parse(config.channels()), Duration.ofMillis(config.pollMillis()), config.keepRaw(),
                    config.publicUrl().strip(), config.retentionDays(), config.minFreeMegabytes() * 1024 * 1024);
        } catch (IllegalArgumentException e) {
            LOG.warn("etc/{}.cfg is invalid, using the defaults: {}", PID, e.getMessage());
            return Settings.DEFAULTS;
        }
    }

    @Override
    public void handleEvent(Event event) {
        worker.wake();
    }

    /** What the worker does on each tick. */
    int postProcessNow() {
        return processor.drain();
    }

    int applyRetention() {
        return retention.apply(settings.retentionDays());
    }

    private void applyRetentionSafely() {
        try {
            applyRetention();
        } catch (RuntimeException e) {
            LOG.warn("retention not applied, will retry in {} h: {}", RETENTION_PERIOD.toHours(), e.toString());
        }
    }

    @Override
    public URI link(UUID recordingId) {
        return link(recordings.find(recordingId)
                .orElseThrow(() -> new IllegalArgumentException("no recording " + recordingId)));
    }

    /** Valid until retention deletes the recording (its start plus retentionDays), or forever when retention is off. */
    URI link(Recording recording) {
        Settings current = settings;
        long expires = current.keepForever() ? 0
                : recording.startedAt().plus(Duration.ofDays(current.retentionDays())).getEpochSecond();
        return signer.link(current.publicUrl(), recording.id(), expires);
    }

    @Override
    public URI link(UUID recordingId, Duration validFor) {
        if (validFor.isNegative() || validFor.isZero()) {
            throw new IllegalArgumentException("a link must be valid for a positive time");
        }
        long expires = clock.instant().plus(validFor).getEpochSecond();
        return signer.link(settings.publicUrl(), recordingId, Math.max(expires, 1));
    }

    @Override
    public boolean verify(UUID recordingId, long expires, String signature) {
        return signer.verify(recordingId, expires, signature);
    }

    @Override
    public boolean delete(UUID recordingId) {
        Optional<Recording> recording = recordings.find(recordingId);
        if (recording.isEmpty()) {
            return false;
        }
        try {
            deleteFiles(recording.get());
        } catch (IOException e) {
            throw new UncheckedIOException("recording " + recordingId + " not deleted: " + e.getMessage(), e);
        }
        deleteRow(recording.get());
        return true;
    }

    private boolean deleteFilesAndRow(Recording recording) {
        try {
            deleteFiles(recording);
        } catch (IOException e) {
            LOG.warn("recording={} kept: its files cannot be deleted: {}", recording.id(), e.getMessage());
            return false;
        }
        deleteRow(recording);
        return true;
    }

    private static void deleteFiles(Recording recording) throws IOException {
        Path raw = Path.of(recording.rawPath());
        Files.deleteIfExists(raw);
        Files.deleteIfExists(PostProcessor.playableFile(raw));
        if (recording.playablePath().isPresent()) {
            Files.deleteIfExists(Path.of(recording.playablePath().get()));
        }
    }

    private void deleteRow(Recording recording) {
        if (recordings.delete(recording.id())) {
            events.deleted(recording);
        }
    }

    @Override
    public void saveGreeting(UUID agentId, byte[] wav) {
        Greeting greeting = Greeting.fromWav(wav);
        Path target = greetings.apply(agentId);
        try {
            greeting.writeTo(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the greeting " + target + ": " + e.getMessage(), e);
        }
        LOG.info("agent={} recorded their own voicemail greeting ({} s)", agentId, greeting.duration().toSeconds());
    }

    @Override
    public boolean removeGreeting(UUID agentId) {
        try {
            return Files.deleteIfExists(greetings.apply(agentId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the greeting of agent " + agentId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean process(UUID recordingId) {
        Optional<Recording> recording = recordings.find(recordingId);
        if (recording.isEmpty()) {
            return false;
        }
        RecordingStatus status = recording.get().status();
        if (status != RecordingStatus.RAW && status != RecordingStatus.FAILED) {
            throw new IllegalStateException("recording " + recordingId + " is " + status + "; only RAW or FAILED ones are encoded");
        }
        processor.process(recording.get());
        return true;
    }
}
