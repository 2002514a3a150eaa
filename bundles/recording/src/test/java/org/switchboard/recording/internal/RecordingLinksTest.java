package org.switchboard.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.recording.internal.audio.Channels;
import org.switchboard.recording.internal.link.SigningKey;

class RecordingLinksTest {
    private static final Instant STARTED = Instant.parse("2026-12-01T09:30:00Z");
    private static final Pattern LINK = Pattern.compile(
            "https://pbx\\.example\\.com/api/v1/recordings/([0-9a-f-]{36})/audio\\?expires=(\\d+)&sig=([A-Za-z0-9_-]{43})");

    @TempDir
    Path dir;

    private final InMemoryRecordings recordings = new InMemoryRecordings();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final Recording recording = Recording.started(UUID.randomUUID(), UUID.randomUUID(), RecordingKind.CALL,
            Optional.empty(), Optional.empty(), "+15551230001", "+15550100", STARTED, "/nowhere.wav");

    private Recordings bundle(int retentionDays, byte[] key) {
        recordings.save(recording);
        Settings settings = new Settings(Channels.MONO, Duration.ofSeconds(1), true, "https://pbx.example.com", retentionDays, 0);
        return new Recordings(recordings, new InMemoryCallLogs(), new CollectedEvents(), settings, key, id -> dir.resolve(id + ".wav"), clock);
    }

    private Recordings bundle(int retentionDays) throws Exception {
        return bundle(retentionDays, SigningKey.loadOrCreate(dir.resolve("etc").resolve(SigningKey.FILE_NAME)));
    }

    private record Parts(UUID id, long expires, String sig) {}

    private static Parts parts(URI link) {
        Matcher matcher = LINK.matcher(link.toString());
        assertThat(matcher.matches()).as("link format of %s", link).isTrue();
        return new Parts(UUID.fromString(matcher.group(1)), Long.parseLong(matcher.group(2)), matcher.group(3));
    }

    @Test
    void stableLinkIsSignedAndExpiresWhenRetentionDeletesTheRecording() throws Exception {
        Recordings bundle = bundle(90);

        Parts link = parts(bundle.link(recording.id()));

        assertThat(link.id()).isEqualTo(recording.id());
        assertThat(link.expires()).isEqualTo(STARTED.plus(Duration.ofDays(90)).getEpochSecond());
        assertThat(bundle.verify(link.id(), link.expires(), link.sig())).isTrue();
        assertThat(bundle.link(recording.id())).isEqualTo(bundle.link(recording.id()));
        clock.advance(Duration.ofDays(87));
        assertThat(bundle.verify(link.id(), link.expires(), link.sig())).isFalse();
    }

    @Test
    void linkNeverExpiresWhenRecordingsAreKeptForever() throws Exception {
        Recordings bundle = bundle(0);

        Parts link = parts(bundle.link(recording.id()));

        assertThat(link.expires()).isZero();
        clock.advance(Duration.ofDays(3650));
        assertThat(bundle.verify(link.id(), 0, link.sig())).isTrue();
    }

    @Test
    void shortLivedLinkExpires() throws Exception {
        Recordings bundle = bundle(90);

        Parts link = parts(bundle.link(recording.id(), Duration.ofMinutes(5)));

        assertThat(link.expires()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)).getEpochSecond());
        assertThat(bundle.verify(link.id(), link.expires(), link.sig())).isTrue();
        clock.advance(Duration.ofMinutes(5));
        assertThat(bundle.verify(link.id(), link.expires(), link.sig())).isFalse();
        assertThatThrownBy(() -> bundle.link(recording.id(), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tamperedOrMalformedLinksAreRefused() throws Exception {
        Recordings bundle = bundle(90);
        Parts link = parts(bundle.link(recording.id()));
        char flipped = link.sig().charAt(5) == 'A' ? 'B' : 'A';
        String otherSig = link.sig().substring(0, 5) + flipped + link.sig().substring(6);

        assertThat(bundle.verify(UUID.randomUUID(), link.expires(), link.sig())).as("another recording").isFalse();
        assertThat(bundle.verify(link.id(), link.expires() + 86400, link.sig())).as("a later expiry").isFalse();
        assertThat(bundle.verify(link.id(), 0, link.sig())).as("made never-expiring").isFalse();
        assertThat(bundle.verify(link.id(), link.expires(), otherSig)).as("one character changed").isFalse();
        assertThat(bundle.verify(link.id(), link.expires(), link.sig() + "AA")).as("longer").isFalse();
        assertThat(bundle.verify(link.id(), link.expires(), link.sig().substring(0, 20))).as("shorter").isFalse();
        assertThat(bundle.verify(link.id(), link.expires(), "!!not base64!!")).isFalse();
        assertThat(bundle.verify(link.id(), link.expires(), "")).isFalse();
        assertThat(bundle.verify(link.id(), link.expires(), null)).isFalse();
        assertThat(bundle.verify(link.id(), -1, link.sig())).isFalse();
    }

    @Test
    void linksFromAnotherKeyAreRefused() throws Exception {
        Parts link = parts(bundle(90).link(recording.id()));
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;

        assertThat(bundle(90, otherKey).verify(link.id(), link.expires(), link.sig())).isFalse();
    }

    @Test
    void keyFileIsOwnerOnlyAndSurvivesARestart() throws Exception {
        Path keyFile = dir.resolve("etc").resolve(SigningKey.FILE_NAME);
        Parts link = parts(bundle(90).link(recording.id()));

        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(bundle(90).verify(link.id(), link.expires(), link.sig())).as("same key after a restart").isTrue();
        assertThat(Files.list(keyFile.getParent())).hasSize(1);
    }

    @Test
    void unknownRecordingHasNoStableLink() throws Exception {
        Recordings bundle = bundle(90);
        UUID unknown = UUID.randomUUID();

        assertThatThrownBy(() -> bundle.link(unknown)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(unknown.toString());
    }
}
