package org.switchboard.core.internal;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.util.UUID;

/**
 * Ids that sort by creation time (UUIDv7, RFC 9562) for what the store keeps (calls, whose id is the
 * call log's, and recordings): new rows land at the end of the store's B-trees instead of on a random
 * page each, so a commit rewrites a few pages rather than one per row.
 */
final class TimeOrderedIds {
    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private TimeOrderedIds() {
    }

    static UUID next() {
        return GENERATOR.generate();
    }
}
