package org.switchboard.webrtc.internal.ice;

import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;

import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.util.BufferHandler;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * One line's ICE agent on the shared port. We are ICE-controlled (the browser offered) and need
 * no remote candidate to start: the browser's checks reveal its address (peer-reflexive).
 */
public final class IceSession implements AutoCloseable {

    /** What the line hears from ICE. */
    public interface Events {
        void iceConnected();

        void iceFailed();
    }

    private final Agent agent;
    private final Component component;
    private final LocalCandidate candidate;
    private volatile boolean closed;

    private IceSession(Agent agent, Component component) {
        this.agent = agent;
        this.component = component;
        List<LocalCandidate> locals = component.getLocalCandidates();
        if (locals.isEmpty()) {
            throw new IllegalStateException("the shared ICE port gave no host candidate");
        }
        this.candidate = locals.get(0);
    }

    /**
     * Creates the agent and starts answering the browser's checks.
     *
     * @param payload receives every DTLS and SRTP datagram from the browser, on the port's thread
     */
    public static IceSession start(IcePort port, String remoteUfrag, String remotePwd, BufferHandler payload,
            Events events) throws IOException {
        try {
            return IceClassLoader.call(() -> {
                // ice4j logs every candidate, pair and state change at INFO; the line logs what an
                // admin needs. The agent's streams and components inherit this level.
                Agent agent = new Agent(null, new LoggerImpl(IceSession.class.getName(), Level.WARNING));
                agent.setControlling(false);
                agent.setUseDynamicPorts(false);
                agent.setPerformConsentFreshness(true);
                agent.addCandidateHarvester(port.harvester());
                IceMediaStream stream = agent.createMediaStream("audio");
                Component component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
                component.setBufferCallback(payload);
                stream.setRemoteUfrag(remoteUfrag);
                stream.setRemotePassword(remotePwd);
                IceSession session = new IceSession(agent, component);
                agent.addStateChangeListener(e -> session.stateChanged(e, events));
                agent.startConnectivityEstablishment();
                return session;
            });
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot create the ICE agent", e);
        }
    }

    /**
     * Creates and frees one agent when the engine starts: ice4j loads its classes and its
     * configuration (through the TCCL, see {@link IceClassLoader}) now, so a broken installation
     * fails the engine's start instead of the first browser's call, and the first line is fast.
     */
    public static void warmUp(IcePort port) throws IOException {
        Events none = new Events() {
            @Override
            public void iceConnected() {
            }

            @Override
            public void iceFailed() {
            }
        };
        start(port, "warmup", "warmup-warmup-warmup-00", buffer -> { }, none).close();
    }

    private void stateChanged(PropertyChangeEvent event, Events events) {
        if (!Agent.PROPERTY_ICE_PROCESSING_STATE.equals(event.getPropertyName()) || closed) {
            return;
        }
        IceProcessingState state = (IceProcessingState) event.getNewValue();
        if (state == IceProcessingState.COMPLETED) {
            events.iceConnected();
        } else if (state == IceProcessingState.FAILED) {
            events.iceFailed();
        }
    }

    public String localUfrag() {
        return agent.getLocalUfrag();
    }

    public String localPassword() {
        return agent.getLocalPassword();
    }

    public String candidateFoundation() {
        return candidate.getFoundation();
    }

    public long candidatePriority() {
        return candidate.getPriority();
    }

    /**
     * Adds a trickled browser candidate ({@code candidate:…} as in {@code RTCIceCandidate.candidate}).
     * Candidates we cannot use (TCP, RTCP component, mDNS names) are ignored: the browser's checks
     * will reach us from them anyway.
     *
     * @return whether the candidate was added
     */
    public boolean addRemoteCandidate(String candidateLine) throws IllegalArgumentException {
        RemoteCandidate remote = parse(candidateLine);
        if (remote == null || closed) {
            return false;
        }
        synchronized (this) {
            if (agent.getState() == IceProcessingState.RUNNING || agent.getState().isEstablished()) {
                component.addUpdateRemoteCandidates(remote);
                component.updateRemoteCandidates();
            } else {
                component.addRemoteCandidate(remote);
            }
        }
        return true;
    }

    private RemoteCandidate parse(String candidateLine) {
        String line = candidateLine.strip();
        if (line.startsWith("a=")) {
            line = line.substring(2);
        }
        if (line.startsWith("candidate:")) {
            line = line.substring("candidate:".length());
        }
        String[] f = line.split("\\s+");
        if (f.length < 8 || !f[6].equals("typ")) {
            throw new IllegalArgumentException("malformed ICE candidate");
        }
        if (!f[1].equals("1") || !f[2].toLowerCase(Locale.ROOT).equals("udp") || f[4].endsWith(".local")) {
            return null;
        }
        InetAddress address;
        try {
            // Literal addresses only: never a DNS lookup on a browser-supplied name.
            if (!f[4].matches("[0-9a-fA-F:.]+")) {
                return null;
            }
            address = InetAddress.getByName(f[4]);
        } catch (UnknownHostException e) {
            return null;
        }
        int port = Integer.parseInt(f[5]);
        long priority = Long.parseLong(f[3]);
        CandidateType type = CandidateType.parse(f[7]);
        return new RemoteCandidate(new TransportAddress(new InetSocketAddress(address, port), Transport.UDP),
                component, type, f[0], priority, null);
    }

    /** Sends a datagram to the browser on the selected pair; false when there is no pair yet. */
    public boolean send(byte[] data, int offset, int length) {
        if (closed) {
            return false;
        }
        try {
            component.send(data, offset, length);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Wall-clock millis of the browser's last answer to a consent check, or -1. */
    public long lastConsentMillis() {
        CandidatePair pair = component.getSelectedPair();
        return pair == null ? -1 : pair.getConsentFreshness();
    }

    public InetSocketAddress remoteAddress() {
        CandidatePair pair = component.getSelectedPair();
        return pair == null ? null : pair.getRemoteCandidate().getTransportAddress();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Not null: ice4j would log a warning for every late packet.
        component.setBufferCallback(buffer -> { });
        try {
            IceClassLoader.call(() -> {
                agent.free();
                return null;
            });
        } catch (Exception e) {
            // Freeing only releases state; nothing to report.
        }
    }

}
