package org.switchboard.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadCacheTest {
    private final AtomicInteger loads = new AtomicInteger();

    @Test
    void loadsOnceUntilAWrite() {
        ReadCache<String, String> cache = ReadCache.own();
        assertEquals("v1", cache.get("k", () -> "v" + loads.incrementAndGet()));
        assertEquals("v1", cache.get("k", () -> "v" + loads.incrementAndGet()));
        cache.invalidate();
        assertEquals("v2", cache.get("k", () -> "v" + loads.incrementAndGet()));
        assertEquals(2, loads.get());
    }

    @Test
    void aReadRacingAWriteDoesNotKeepWhatItLoaded() {
        ReadCache<String, String> cache = ReadCache.own();
        // the write commits (and invalidates) while the read is still loading the old row
        assertEquals("old", cache.get("k", () -> {
            cache.invalidate();
            return "old";
        }));
        assertEquals("new", cache.get("k", () -> "new"));
    }

    @Test
    void aWriteToOneDirectoryTableInvalidatesTheOthers() {
        ReadCache<String, String> agents = ReadCache.directory();
        ReadCache<String, String> numbers = ReadCache.directory();
        assertEquals("none", numbers.get("+15550199", () -> "none"));
        agents.invalidate(); // an agent created with DID +15550199
        assertEquals("agent", numbers.get("+15550199", () -> "agent"));
    }
}
