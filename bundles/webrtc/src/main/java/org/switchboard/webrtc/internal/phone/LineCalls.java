package org.switchboard.webrtc.internal.phone;

import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.IllegalCallStateException;
import org.switchboard.api.media.MediaEndpoint;
import org.switchboard.api.media.MediaService;
import org.switchboard.api.media.RemoteMedia;
import org.switchboard.webrtc.internal.PhoneLine;

/**
 * Call legs onto and off an agent's phone line. Each leg has its own media endpoint; the line
 * sends the browser's audio to the endpoint of the leg it carries last and plays what that
 * endpoint sends, so answering or switching calls needs no renegotiation. When the line drops,
 * core plays hold music to the other party and the leg waits for the agent's next line.
 * Called under {@link BrowserPhones}' lock.
 */
final class LineCalls {
    private static final Logger LOG = LoggerFactory.getLogger(LineCalls.class);

    private final CallService calls;
    private final MediaService media;
    private final ScheduledExecutorService worker;
    private final Duration reattach;
    private final Object lock;

    LineCalls(CallService calls, MediaService media, ScheduledExecutorService worker, Duration reattach, Object lock) {
        this.calls = calls;
        this.media = media;
        this.worker = worker;
        this.reattach = reattach;
        this.lock = lock;
    }

    /** Puts the leg on the agent's line and hands core its endpoint. */
    void carry(AgentPhone phone, UUID legId, UUID callId) {
        MediaEndpoint endpoint = media.allocate(legId);
        CarriedLeg leg = new CarriedLeg(legId, callId, endpoint);
        phone.carried.put(legId, leg);
        connect(phone.line, leg);
        calls.attachMedia(legId, endpoint.id());
    }

    /** A new line of the agent is up: the legs waiting for it get their audio back. */
    void reattach(AgentPhone phone) {
        phone.carried.values().stream().filter(CarriedLeg::waiting).forEach(leg -> {
            leg.stopWaiting();
            connect(phone.line, leg);
            try {
                calls.attachMedia(leg.legId, leg.endpoint.id());
                LOG.info("call={} leg={} back on agent {}'s phone line", leg.callId, leg.legId, phone.agentId);
            } catch (IllegalCallStateException | NoSuchElementException e) {
                LOG.debug("call={} leg={} ended while waiting for the line: {}", leg.callId, leg.legId, e.getMessage());
            }
        });
    }

    /** The line is gone (reload, crash, another tab took the phone): the legs wait for the next one. */
    void lineLost(AgentPhone phone) {
        phone.carried.values().stream().filter(leg -> !leg.waiting()).forEach(leg -> {
            leg.expiry = worker.schedule(() -> expire(phone, leg), reattach.toMillis(), TimeUnit.MILLISECONDS);
            try {
                calls.detachMedia(leg.legId);
                LOG.info("call={} leg={} waits up to {} s for agent {}'s next phone line", leg.callId, leg.legId,
                        reattach.toSeconds(), phone.agentId);
            } catch (IllegalCallStateException | NoSuchElementException e) {
                LOG.debug("call={} leg={} ended with its line: {}", leg.callId, leg.legId, e.getMessage());
            }
        });
    }

    /** Core released the leg: its endpoint goes back to the media engine, and the line carries the previous leg. */
    void released(AgentPhone phone, UUID legId) {
        CarriedLeg leg = phone.carried.remove(legId);
        if (leg == null) {
            return;
        }
        leg.stopWaiting();
        if (phone.line != null && phone.line.currentPeer().filter(leg.endpoint.local()::equals).isPresent()) {
            phone.line.detach();
            phone.carried.values().stream().filter(other -> !other.waiting()).reduce((first, last) -> last)
                    .ifPresent(previous -> connect(phone.line, previous));
        }
        try {
            media.release(leg.endpoint.id());
        } catch (NoSuchElementException e) {
            LOG.debug("leg={} endpoint already released", legId);
        }
    }

    private void expire(AgentPhone phone, CarriedLeg leg) {
        synchronized (lock) {
            if (phone.carried.get(leg.legId) != leg || !leg.waiting()) {
                return; // reattached or ended meanwhile
            }
            LOG.info("call={} leg={} agent {} did not come back within {} s; ending the leg", leg.callId, leg.legId,
                    phone.agentId, reattach.toSeconds());
            leg.expiry = null;
            try {
                calls.legEnded(leg.legId, EndReason.FAILED);
            } catch (IllegalCallStateException | NoSuchElementException e) {
                LOG.debug("leg={} already over: {}", leg.legId, e.getMessage());
            }
            released(phone, leg.legId);
        }
    }

    /** The endpoint sends to the line's plain socket and the line to the endpoint, in the line's codec. */
    private void connect(PhoneLine line, CarriedLeg leg) {
        media.setRemote(leg.endpoint.id(), new RemoteMedia(line.plainAddress(), line.codec(), line.telephoneEvent()));
        line.peer(leg.endpoint.local());
    }
}
