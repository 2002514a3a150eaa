package org.switchboard.recording.internal.audio;

import java.nio.file.Path;
import java.time.Duration;

/** A playable file written from a raw capture: its length, {@code sha256:<hex>} checksum and size. */
public record EncodedAudio(Path file, Duration duration, String checksum, long sizeBytes) {}
