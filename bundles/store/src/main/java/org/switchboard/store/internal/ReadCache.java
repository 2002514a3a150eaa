package org.switchboard.store.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Rows read on every call (an agent's phones, a dialed number's owner, an agent) kept in memory
 * between writes, so routing a call costs no database round trip. Every write that may change
 * them calls {@link #invalidate()} once it committed, which moves the generation on: an entry is
 * served only while its generation is current, and an entry loaded while a write committed is
 * tagged with the generation from before the load, so it is never served. Single node only: rows
 * changed by another process are seen after this process's next write to them.
 *
 * @param <K> the lookup key
 * @param <V> the loaded value (an {@code Optional} or a list: never null)
 */
final class ReadCache<K, V> {
    /** Agents, numbers and groups change together (an agent's DID is a number): one generation for all. */
    private static final AtomicLong DIRECTORY = new AtomicLong();
    /** Far more than the rows of a contact center; beyond it the cache starts over. */
    private static final int MAX_ENTRIES = 50_000;

    private final AtomicLong generation;
    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();

    private ReadCache(AtomicLong generation) {
        this.generation = generation;
    }

    /** A cache of its own: only its repository's writes invalidate it. */
    static <K, V> ReadCache<K, V> own() {
        return new ReadCache<>(new AtomicLong());
    }

    /** A cache of agents, numbers or groups: a write to any of them invalidates all. */
    static <K, V> ReadCache<K, V> directory() {
        return new ReadCache<>(DIRECTORY);
    }

    V get(K key, Supplier<V> load) {
        long current = generation.get();
        Entry<V> entry = entries.get(key);
        if (entry != null && entry.generation == current) {
            return entry.value;
        }
        V loaded = load.get();
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry<>(current, loaded));
        return loaded;
    }

    void invalidate() {
        generation.incrementAndGet();
    }

    private record Entry<V>(long generation, V value) {
    }
}
