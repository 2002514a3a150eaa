package org.switchboard.recording.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingRepository;
import org.switchboard.api.recording.RecordingStatus;

/** Deletes recordings (files and rows) started more than {@code retentionDays} ago; 0 keeps them forever. */
final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private static final int BATCH = 200;

    private final RecordingRepository recordings;
    private final Predicate<Recording> delete;
    private final Clock clock;

    /** @param delete removes one recording's files and row; false when its files could not be removed */
    Retention(RecordingRepository recordings, Predicate<Recording> delete, Clock clock) {
        this.recordings = recordings;
        this.delete = delete;
        this.clock = clock;
    }

    /** @return how many recordings were deleted */
    int apply(int retentionDays) {
        if (retentionDays == 0) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(Duration.ofDays(retentionDays));
        int deleted = 0;
        while (!Thread.currentThread().isInterrupted()) {
            List<Recording> batch = recordings.startedBefore(cutoff, BATCH);
            int deletedNow = 0;
            for (Recording recording : batch) {
                // a capture still being written belongs to core's crash recovery, not to retention
                if (recording.status() != RecordingStatus.RECORDING && delete.test(recording)) {
                    deletedNow++;
                }
            }
            deleted += deletedNow;
            if (batch.size() < BATCH || deletedNow == 0) {
                break;
            }
        }
        LOG.info("retention: deleted {} recordings started before {} ({} days)", deleted, cutoff, retentionDays);
        return deleted;
    }
}
