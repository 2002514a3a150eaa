package org.switchboard.sip.internal;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failed authentications per source address: more than {@code maxPerMinute} within a minute blocks
 * the address for {@code block}. The table is bounded (least recently failing addresses go first),
 * so a flood of spoofed sources cannot exhaust memory.
 */
final class AuthFailures {
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int MAX_ADDRESSES = 65_536;

    private static final class Record {
        final Deque<Instant> failures = new ArrayDeque<>();
        Instant blockedUntil = Instant.MIN;
    }

    private final int maxPerMinute;
    private final Duration block;
    private final Clock clock;
    private final Map<InetAddress, Record> records = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Record> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    AuthFailures(int maxPerMinute, Duration block, Clock clock) {
        if (maxPerMinute < 1) {
            throw new IllegalArgumentException("maxFailedAuthsPerAddress must be at least 1");
        }
        this.maxPerMinute = maxPerMinute;
        this.block = block;
        this.clock = clock;
    }

    synchronized boolean isBlocked(InetAddress address) {
        Record record = records.get(address);
        return record != null && clock.instant().isBefore(record.blockedUntil);
    }

    /** Counts a failure; returns when the block ends if this failure is the one that blocks the address. */
    synchronized Optional<Instant> recordFailure(InetAddress address) {
        Instant now = clock.instant();
        Record record = records.computeIfAbsent(address, key -> new Record());
        if (now.isBefore(record.blockedUntil)) {
            return Optional.empty();
        }
        dropOld(record, now);
        record.failures.addLast(now);
        if (record.failures.size() > maxPerMinute) {
            record.failures.clear();
            record.blockedUntil = now.plus(block);
            return Optional.of(record.blockedUntil);
        }
        return Optional.empty();
    }

    /** Blocks the address for the block time from now (it floods us); returns when the block ends. */
    synchronized Instant block(InetAddress address) {
        Record record = records.computeIfAbsent(address, key -> new Record());
        record.failures.clear();
        record.blockedUntil = clock.instant().plus(block);
        return record.blockedUntil;
    }

    /** Forgets addresses with neither recent failures nor a running block. */
    synchronized void purge() {
        Instant now = clock.instant();
        for (Iterator<Record> it = records.values().iterator(); it.hasNext();) {
            Record record = it.next();
            dropOld(record, now);
            if (record.failures.isEmpty() && !now.isBefore(record.blockedUntil)) {
                it.remove();
            }
        }
    }

    synchronized int tracked() {
        return records.size();
    }

    private static void dropOld(Record record, Instant now) {
        Instant windowStart = now.minus(WINDOW);
        while (!record.failures.isEmpty() && !record.failures.peekFirst().isAfter(windowStart)) {
            record.failures.removeFirst();
        }
    }
}
