package org.switchboard.sip.internal;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long the oldest datagram has waited in jain-sip's UDP parse queues. jain-sip's reader thread queues
 * every datagram for its parser threads ({@code THREAD_POOL_SIZE}); only after parsing does a request
 * reach our listener and {@link Admission}. With few parser threads a backlog forms there first, so
 * admission must see it, or it admits calls whose callers have already retransmitted.
 *
 * <p>The queue is a protected field without an accessor (jain-sip 1.3.0-91), read once by reflection;
 * its entries carry their reception time. If a later jain-sip moves it, this reports 0 with one warning and
 * admission falls back to the SIP workers' queue alone.
 */
final class ParseQueue {
    private static final Logger LOG = LoggerFactory.getLogger(ParseQueue.class);
    private static final ParseQueue NONE = new ParseQueue(List.of());

    private final List<Queue<?>> queues;

    private ParseQueue(List<Queue<?>> queues) {
        this.queues = queues;
    }

    /** The parse queues of the stack's UDP listening points (created already). */
    static ParseQueue of(TunedSipStack stack) {
        List<Queue<?>> queues = new ArrayList<>();
        try {
            Field field = UDPMessageProcessor.class.getDeclaredField("messageQueue");
            field.setAccessible(true);
            for (MessageProcessor processor : stack.messageProcessors()) {
                if (processor instanceof UDPMessageProcessor udp && field.get(udp) instanceof Queue<?> queue) {
                    queues.add(queue);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("sip: cannot watch jain-sip's UDP parse queue ({}): overload is judged by the SIP workers alone",
                    e.toString());
            return NONE;
        }
        return new ParseQueue(List.copyOf(queues));
    }

    /** How long the oldest datagram still waiting for a parser thread has waited: 0 when none waits. */
    long delayMillis() {
        long now = System.currentTimeMillis(); // jain-sip stamps datagrams with this clock
        long oldest = 0;
        for (Queue<?> queue : queues) {
            if (queue.peek() instanceof DatagramQueuedMessageDispatch head) {
                oldest = Math.max(oldest, now - head.getReceptionTime());
            }
        }
        return oldest;
    }
}
