package org.switchboard.recording.internal;

import java.time.Duration;
import org.switchboard.recording.internal.audio.Channels;

/** The bundle's configuration ({@code etc/org.switchboard.recording.cfg}), checked. */
record Settings(Channels channels, Duration poll, boolean keepRaw, String publicUrl, int retentionDays, long minFreeBytes) {
    static final Settings DEFAULTS = new Settings(Channels.MONO, Duration.ofSeconds(1), true, "http://localhost:8181", 90,
            500L * 1024 * 1024);

    Settings {
        if (poll.isNegative() || poll.isZero()) {
            throw new IllegalArgumentException("pollMillis must be positive");
        }
        if (retentionDays < 0) {
            throw new IllegalArgumentException("retentionDays must be 0 (keep forever) or more");
        }
        if (!publicUrl.startsWith("http://") && !publicUrl.startsWith("https://")) {
            throw new IllegalArgumentException("publicUrl must start with http:// or https://, not '" + publicUrl + "'");
        }
    }

    /** Retention off: recordings and their links live forever. */
    boolean keepForever() {
        return retentionDays == 0;
    }
}
