package org.switchboard.sip.internal;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.SIPTransaction;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sip.PeerUnavailableException;

/**
 * jain-sip's stack with three changes that matter under load, and its message processors in view.
 * <p>
 * An indexed CANCEL lookup. The stock {@code findCancelTransaction} compares
 * the CANCEL with every live transaction of the stack, so under load (tens of thousands of INVITE
 * transactions linger for Timer I/J) each CANCEL costs milliseconds on the network thread; a burst
 * of them — callers giving up, or an attacker — then delays everything until more callers give up.
 * RFC 3261 §9.1 gives the CANCEL its INVITE's branch, which is the key jain-sip stores that INVITE's
 * transaction under, so one map lookup finds it.
 * <p>
 * Timers on a timing wheel ({@link WheelSipTimer}): jain-sip's executor-based timer kept every pending timer of
 * every transaction in one heap behind one lock.
 * <p>
 * Datagrams held at their own size ({@link CompactDatagramNetworkLayer}): jain-sip receives each one into
 * a fresh buffer of the largest datagram and queues it so, which under overload pinned hundreds of
 * megabytes for a backlog of 1 KB messages; our sockets receive into a buffer of their own, so the
 * reader's is cut to nothing ({@link #addMessageProcessor}); and a {@link DatagramGate} sees each datagram
 * first.
 * <p>
 * A log that costs nothing while off ({@link JainSipLog}) in place of jain-sip's, which builds its debug lines
 * with a stack trace each even at level ERROR.
 */
final class TunedSipStack extends SipStackImpl {
    private static final String MAGIC_COOKIE = "z9hg4bk";

    private final AtomicBoolean logInstalled = new AtomicBoolean();

    /** @param gate sees every datagram before it waits for a parser thread */
    TunedSipStack(Properties properties, DatagramGate gate) throws PeerUnavailableException {
        super(properties);
        // the constructor chose the network layer (TLS or plain); sockets are created later, at listening points
        networkLayer = new CompactDatagramNetworkLayer(getNetworkLayer(), gate);
        // the constructor also started the timer its properties name (nothing is scheduled on it yet): ours replaces it
        getTimer().stop();
        setTimer(new WheelSipTimer(timerThreads(properties)));
        getTimer().start(this, properties);
        JainSipLog.install();
        logInstalled.set(true);
    }

    private static ThreadFactory timerThreads(Properties properties) {
        String name = properties.getProperty("javax.sip.STACK_NAME", "sip") + "-timer";
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * The INVITE transaction a CANCEL cancels, or null. A CANCEL without an RFC 3261 branch (an
     * RFC 2543 peer, long extinct) matches nothing and gets 481: scanning for it would reopen the
     * cost this class removes.
     */
    @Override
    public SIPTransaction findCancelTransaction(SIPRequest cancel, boolean isServer) {
        Via via = cancel.getTopmostVia();
        String branch = via == null || via.getBranch() == null ? "" : via.getBranch().toLowerCase(Locale.ROOT);
        if (!branch.startsWith(MAGIC_COOKIE)) {
            return null;
        }
        SIPTransaction candidate = findTransaction(branch, isServer);
        return candidate != null && candidate.doesCancelMatchTransaction(cancel) ? candidate : null;
    }

    /** A new listening point's processor, before its threads start: a UDP one reads into our buffers. */
    @Override
    protected void addMessageProcessor(MessageProcessor processor) throws IOException {
        if (processor instanceof UDPMessageProcessor udp) {
            CompactDatagramNetworkLayer.stopPerDatagramBuffers(udp);
        }
        super.addMessageProcessor(processor);
    }

    /**
     * A TCP or TLS listening point whose port was taken stays in the stack's list without a socket, and
     * jain-sip's stop of it throws a NullPointerException (it closes the missing socket first). That would end
     * {@link #stop()} before the other processors' threads, the timer and the auditor stop: a server retrying a
     * taken port leaked threads on every try. jain-sip removes it from the list before stopping it, and nothing of it runs.
     */
    @Override
    protected void removeMessageProcessor(MessageProcessor processor) {
        try {
            super.removeMessageProcessor(processor);
        } catch (NullPointerException neverBound) {
            // removed, and it had neither a socket nor a thread
        }
    }

    @Override
    public void stop() {
        super.stop();
        if (logInstalled.getAndSet(false)) {
            JainSipLog.release();
        }
    }

    /** The listening points' message processors (protected in jain-sip), for {@link ParseQueue}. */
    List<MessageProcessor> messageProcessors() {
        return List.of(getMessageProcessors());
    }
}
