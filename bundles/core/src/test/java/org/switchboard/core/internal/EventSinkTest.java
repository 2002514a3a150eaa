package org.switchboard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

class EventSinkTest {
    /** What EventAdmin was handed, with the thread that handed it. */
    private static final class Posted implements EventAdmin {
        final List<String> topics = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch expected;

        Posted(int expected) {
            this.expected = new CountDownLatch(expected);
        }

        @Override
        public void postEvent(Event event) {
            topics.add(event.getTopic());
            threads.add(Thread.currentThread().getName());
            expected.countDown();
        }

        @Override
        public void sendEvent(Event event) {
            throw new AssertionError("events are posted, never sent");
        }
    }

    private final EventSink batched = EventSink.batched("test-events");

    @AfterEach
    void close() {
        batched.close();
    }

    @Test
    void aBatchedSinkPostsEveryEventInOrderFromItsOwnThread() throws InterruptedException {
        Posted admin = new Posted(500);
        batched.bind(admin);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            sent.add("switchboard/call/" + i);
            batched.post("switchboard/call/" + i, Map.of());
        }

        assertThat(admin.expected.await(5, TimeUnit.SECONDS)).as("all 500 posted").isTrue();
        assertThat(admin.topics).containsExactlyElementsOf(sent);
        assertThat(admin.threads).containsOnly("test-events");
    }

    @Test
    void closingPostsWhatIsStillWaiting() {
        Posted admin = new Posted(3);
        batched.bind(admin);
        batched.post("switchboard/call/a", Map.of());
        batched.post("switchboard/call/b", Map.of());

        batched.close();
        batched.post("switchboard/call/c", Map.of()); // after close: on the caller's thread, not lost

        assertThat(admin.topics).containsExactly("switchboard/call/a", "switchboard/call/b", "switchboard/call/c");
        assertThat(admin.threads.get(2)).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void withoutEventAdminNothingIsKeptForLater() throws InterruptedException {
        batched.post("switchboard/call/lost", Map.of());
        Posted admin = new Posted(1);
        batched.bind(admin);
        batched.post("switchboard/call/kept", Map.of());

        assertThat(admin.expected.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(admin.topics).containsExactly("switchboard/call/kept");
    }

    @Test
    void anImmediateSinkPostsOnTheCallersThreadAtOnce() {
        EventSink immediate = EventSink.immediate();
        Posted admin = new Posted(1);
        immediate.bind(admin);

        immediate.post("switchboard/call/now", Map.of("callId", "1"));

        assertThat(admin.topics).containsExactly("switchboard/call/now");
        assertThat(admin.threads).containsExactly(Thread.currentThread().getName());
    }
}
