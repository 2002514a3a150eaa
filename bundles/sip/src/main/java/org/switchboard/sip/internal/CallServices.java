package org.switchboard.sip.internal;

import java.util.Optional;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.call.CallService;
import org.switchboard.api.media.MediaService;
import org.switchboard.api.number.NumberPlan;

/**
 * What the B2BUA needs from core and media (and the agent directory, for names), bound dynamically: the registrar must keep working
 * while they restart, and a call that arrives meanwhile gets 503.
 */
final class CallServices {
    private volatile CallService calls;
    private volatile MediaService media;
    private volatile NumberPlan plan;
    private volatile AgentService agents;

    Optional<CallService> calls() {
        return Optional.ofNullable(calls);
    }

    Optional<MediaService> media() {
        return Optional.ofNullable(media);
    }

    Optional<NumberPlan> plan() {
        return Optional.ofNullable(plan);
    }

    Optional<AgentService> agents() {
        return Optional.ofNullable(agents);
    }

    void set(AgentService agents) {
        this.agents = agents;
    }

    void set(CallService calls) {
        this.calls = calls;
    }

    void set(MediaService media) {
        this.media = media;
    }

    void set(NumberPlan plan) {
        this.plan = plan;
    }

    /** Clears the service only if it is still the one bound (DS may bind the next one first). */
    synchronized void unset(Object service) {
        if (calls == service) {
            calls = null;
        }
        if (media == service) {
            media = null;
        }
        if (plan == service) {
            plan = null;
        }
        if (agents == service) {
            agents = null;
        }
    }
}
