package org.switchboard.webrtc.internal.phone;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.CallNotFoundException;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.IllegalCallStateException;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegDriver;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.LegState;
import org.switchboard.api.call.Party;
import org.switchboard.api.media.MediaService;
import org.switchboard.api.media.MediaUnavailableException;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.NumberPlan;
import org.switchboard.api.number.Route;
import org.switchboard.api.phone.PhoneLines;
import org.switchboard.api.phone.PhoneTab;
import org.switchboard.webrtc.internal.LineState;
import org.switchboard.webrtc.internal.PhoneLine;
import org.switchboard.webrtc.internal.WebRtcEngine;
import org.switchboard.webrtc.internal.sdp.BadSdpException;

/**
 * The agents' browser phones: which tab holds each agent's phone, its line, and the driver of
 * {@link LegKind#WEBRTC} legs. A call for an agent with a line up rings in their panel; Answer
 * carries it onto the line. Everything changes under one lock; core and the media engine are
 * called under it (they never call back into us while holding their own locks), engine callbacks
 * and driver work run on the worker thread.
 */
@Component(service = {PhoneLines.class, LegDriver.class}, property = LegDriver.KIND_PROPERTY + "=WEBRTC")
public final class BrowserPhones implements PhoneLines, LegDriver {
    private static final Logger LOG = LoggerFactory.getLogger(BrowserPhones.class);

    private final Object lock = new Object();
    private final Map<UUID, AgentPhone> phones = new HashMap<>();
    /**
     * Agents whose line is up, readable without the lock: core asks {@link #reaches} under a call's
     * lock, while we call core holding ours, so taking ours there could deadlock.
     */
    private final Set<UUID> linesUp = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "switchboard-webrtc-calls");
        thread.setDaemon(true);
        return thread;
    });
    private final WebRtcEngine engine;
    private final CallService calls;
    private final NumberPlan plan;
    private final AgentService agents;
    private final LineCalls lineCalls;

    @Activate
    public BrowserPhones(@Reference WebRtcEngine engine, @Reference CallService calls, @Reference MediaService media,
            @Reference NumberPlan plan, @Reference AgentService agents) {
        this.engine = engine;
        this.calls = calls;
        this.plan = plan;
        this.agents = agents;
        this.lineCalls = new LineCalls(calls, media, worker, engine.reattachTimeout(), lock);
    }

    /** Like sip, webrtc owns live media: stopping it ends the browser legs (drain first to let calls finish). */
    @Deactivate
    void deactivate() {
        synchronized (lock) {
            phones.values().forEach(phone -> {
                if (phone.line != null) {
                    phone.line.close();
                }
                List.copyOf(phone.carried.keySet()).forEach(leg -> {
                    try {
                        calls.legEnded(leg, EndReason.SHUTDOWN);
                    } catch (RuntimeException e) {
                        LOG.debug("leg={} not ended with the bundle: {}", leg, e.toString());
                    }
                    lineCalls.released(phone, leg);
                });
            });
            phones.clear();
            linesUp.clear();
        }
        worker.shutdownNow();
    }

    // ---- tabs and lines (the WebSocket's phone messages) ---------------------------------------

    @Override
    public void tabOpened(UUID agentId, String tabId, PhoneTab tab) {
        synchronized (lock) {
            AgentPhone phone = phones.computeIfAbsent(agentId, AgentPhone::new);
            phone.tabs.put(tabId, tab);
            if (phone.activeTab == null) {
                phone.activeTab = tabId; // the first tab holds the phone; the others offer "Enable calling"
            }
            tab.state(tabId.equals(phone.activeTab));
        }
    }

    @Override
    public void tabClosed(UUID agentId, String tabId) {
        synchronized (lock) {
            AgentPhone phone = phones.get(agentId);
            if (phone == null || phone.tabs.remove(tabId) == null) {
                return;
            }
            if (tabId.equals(phone.activeTab)) {
                dropLine(phone);
                // the newest tab left takes the phone, so a reload of one of several tabs still rings
                phone.activeTab = phone.tabs.keySet().stream().reduce((first, last) -> last).orElse(null);
                phone.active().ifPresent(tab -> tab.state(true));
            }
            if (phone.idle()) {
                phones.remove(agentId);
            }
        }
    }

    @Override
    public void take(UUID agentId, String tabId) {
        synchronized (lock) {
            AgentPhone phone = phoneWithTab(agentId, tabId);
            if (!tabId.equals(phone.activeTab)) {
                phone.active().ifPresent(previous -> previous.state(false));
                dropLine(phone);
                phone.activeTab = tabId;
                LOG.info("agent {} moved the phone to another tab", agentId);
            }
            phone.tabs.get(tabId).state(true);
        }
    }

    @Override
    public void open(UUID agentId, String tabId, String sdpOffer) {
        synchronized (lock) {
            AgentPhone phone = phoneWithTab(agentId, tabId);
            PhoneTab tab = phone.tabs.get(tabId);
            if (!tabId.equals(phone.activeTab)) {
                tab.error("not-active", "another tab holds the phone: take it first (Enable calling)");
                return;
            }
            dropLine(phone); // a tab opening again (ICE restart, reconnect) replaces its line
            try {
                phone.line = engine.phoneLines().open(sdpOffer, (line, state, reason) -> worker.execute(
                        () -> lineChanged(phone, line, state, reason)));
            } catch (BadSdpException e) {
                tab.error(e.reason(), e.getMessage());
                return;
            } catch (IOException e) {
                LOG.warn("agent {}: no phone line could be opened: {}", agentId, e.toString());
                tab.error("unavailable", "no phone line could be opened; try again");
                return;
            }
            tab.answer(phone.line.answer());
        }
    }

    @Override
    public void candidate(UUID agentId, String tabId, String candidate, String sdpMid) {
        synchronized (lock) {
            AgentPhone phone = phoneWithTab(agentId, tabId);
            if (phone.line == null || !tabId.equals(phone.activeTab)) {
                phone.tabs.get(tabId).error("no-line", "open the line before sending candidates");
                return;
            }
            try {
                phone.line.addRemoteCandidate(candidate, sdpMid);
            } catch (BadSdpException e) {
                phone.tabs.get(tabId).error(e.reason(), e.getMessage());
            }
        }
    }

    private void lineChanged(AgentPhone phone, PhoneLine line, LineState state, String reason) {
        synchronized (lock) {
            if (phone.line != line) {
                return; // a line we replaced or dropped already
            }
            if (state == LineState.CONNECTED) {
                linesUp.add(phone.agentId);
                LOG.info("agent {}'s phone line is up", phone.agentId);
                lineCalls.reattach(phone);
            } else if (state == LineState.FAILED) {
                LOG.info("agent {}'s phone line failed: {}", phone.agentId, reason);
                phone.active().ifPresent(tab -> tab.error(reason, "the phone line failed (" + reason + ")"));
                dropLine(phone);
            }
        }
    }

    /** Closes the agent's line, if any; the calls it carried wait for the next one. */
    private void dropLine(AgentPhone phone) {
        if (phone.line != null) {
            PhoneLine line = phone.line;
            phone.line = null;
            linesUp.remove(phone.agentId);
            line.close();
            lineCalls.lineLost(phone);
        }
    }

    private AgentPhone phoneWithTab(UUID agentId, String tabId) {
        AgentPhone phone = phones.get(agentId);
        if (phone == null || !phone.tabs.containsKey(tabId)) {
            throw new IllegalStateException("this tab is not connected");
        }
        return phone;
    }

    // ---- calls on the line (REST) ----------------------------------------------------------

    @Override
    public boolean hasLine(UUID agentId) {
        return linesUp.contains(agentId);
    }

    @Override
    public Call answer(UUID agentId, UUID callId) {
        synchronized (lock) {
            AgentPhone phone = lineOf(agentId);
            Call call = calls.find(callId).orElseThrow(() -> new CallNotFoundException("no call " + callId));
            Leg ringing = ringingOnLine(call, agentId);
            carryOrFail(phone, ringing.id(), callId);
            calls.legAnswered(ringing.id());
            return calls.find(callId).orElse(call);
        }
    }

    @Override
    public Call screen(UUID agentId, UUID callId) {
        synchronized (lock) {
            AgentPhone phone = lineOf(agentId);
            Call call = calls.find(callId).orElseThrow(() -> new CallNotFoundException("no call " + callId));
            Leg ringing = ringingOnLine(call, agentId);
            carryOrFail(phone, ringing.id(), callId);
            return calls.screen(ringing.id());
        }
    }

    @Override
    public Call call(UUID agentId, String target, Optional<E164> callerId) {
        Route route = plan.route(target);
        if (route instanceof Route.Unroutable unroutable) {
            throw new IllegalArgumentException("cannot call " + target + ": " + unroutable.reason());
        }
        boolean outside = route instanceof Route.ToTrunk;
        Optional<E164> presented = outside || callerId.isPresent() ? plan.callerIdFor(agentId, callerId) : Optional.empty();
        Party me = agents.find(agentId).map(status -> Party.agent(status.agent()))
                .orElseThrow(() -> new IllegalCallStateException("no agent " + agentId));
        synchronized (lock) {
            AgentPhone phone = lineOf(agentId);
            Call call = calls.open(outside ? CallDirection.OUTBOUND : CallDirection.INTERNAL, LegKind.WEBRTC, me, target,
                    presented);
            carryOrFail(phone, call.legs().get(0).id(), call.id()); // the agent hears ringback at once
            LOG.info("call={} agent {} calls {} from the browser", call.id(), agentId, target);
            return calls.route(call.id(), route);
        }
    }

    @Override
    public Call takeCall(UUID agentId, UUID callId) {
        synchronized (lock) {
            AgentPhone phone = lineOf(agentId);
            Call call = calls.find(callId).orElseThrow(() -> new CallNotFoundException("no call " + callId));
            Leg mine = call.liveLegs().stream()
                    .filter(l -> l.party().agentId().equals(Optional.of(agentId)) && l.state() == LegState.ANSWERED)
                    .findFirst()
                    .orElseThrow(() -> new IllegalCallStateException("you are not talking on call " + callId));
            if (phone.carried.containsKey(mine.id())) {
                throw new IllegalCallStateException("call " + callId + " is in this browser already");
            }
            phone.switching.add(callId);
            try {
                calls.switchDevice(mine.id(), LegKind.WEBRTC, mine.party());
            } catch (RuntimeException e) {
                phone.switching.remove(callId);
                throw e;
            }
            return calls.find(callId).orElse(call);
        }
    }

    private static Leg ringingOnLine(Call call, UUID agentId) {
        return call.liveLegs().stream()
                .filter(l -> l.kind() == LegKind.WEBRTC && l.party().agentId().equals(Optional.of(agentId)))
                .filter(l -> l.state() == LegState.DIALING || l.state() == LegState.RINGING)
                .findFirst()
                .orElseThrow(() -> new IllegalCallStateException("call " + call.id() + " is not ringing on your browser phone"));
    }

    private AgentPhone lineOf(UUID agentId) {
        AgentPhone phone = phones.get(agentId);
        if (phone == null || !phone.lineUp()) {
            throw new IllegalCallStateException("your browser phone is not connected: open the softphone and enable calling");
        }
        return phone;
    }

    private void carryOrFail(AgentPhone phone, UUID legId, UUID callId) {
        try {
            lineCalls.carry(phone, legId, callId);
        } catch (MediaUnavailableException e) {
            calls.legEnded(legId, EndReason.FAILED);
            throw new IllegalCallStateException("no media port is free");
        }
    }

    // ---- LegDriver: what core decided about WEBRTC legs --------------------------------------

    @Override
    public LegKind kind() {
        return LegKind.WEBRTC;
    }

    @Override
    public boolean reaches(UUID agentId) {
        return hasLine(agentId);
    }

    @Override
    public void dial(Call call, Leg leg) {
        run(() -> {
            UUID agentId = leg.party().agentId().orElse(null);
            AgentPhone phone = agentId == null ? null : phones.get(agentId);
            if (phone == null || !phone.lineUp()) {
                calls.legEnded(leg.id(), EndReason.NO_ANSWER);
            } else if (phone.switching.remove(call.id())) {
                carryOrFail(phone, leg.id(), call.id());
                calls.legAnswered(leg.id()); // "Call in browser": the new leg takes over at once
            } else {
                calls.legRinging(leg.id()); // the panel rings; Answer carries it onto the line
            }
        });
    }

    @Override
    public void connect(Call call, Leg leg) {
        // a browser's call is carried from the moment it starts: nothing to answer
    }

    @Override
    public void release(Call call, Leg leg, EndReason reason) {
        run(() -> leg.party().agentId().map(phones::get).ifPresent(phone -> endLeg(phone, leg.id())));
    }

    private void endLeg(AgentPhone phone, UUID legId) {
        lineCalls.released(phone, legId);
        if (phone.idle()) {
            phones.remove(phone.agentId);
        }
    }

    private void run(Runnable task) {
        try {
            worker.execute(() -> {
                synchronized (lock) {
                    try {
                        task.run();
                    } catch (IllegalCallStateException | NoSuchElementException e) {
                        LOG.debug("webrtc: leg task skipped: {}", e.getMessage());
                    } catch (RuntimeException e) {
                        LOG.warn("webrtc: leg task failed: {}", e.toString(), e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("webrtc: stopping, leg task dropped");
        }
    }
}
