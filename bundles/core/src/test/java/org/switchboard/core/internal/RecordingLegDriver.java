package org.switchboard.core.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegDriver;
import org.switchboard.api.call.LegKind;

/** Writes down what core asked the adapter to do, as {@code "release <legId> BUSY"} lines. */
class RecordingLegDriver implements LegDriver {
    final List<String> commands = new ArrayList<>();
    private final LegKind kind;
    /** Agents this driver rings besides the kind asked for (a WebRTC driver: those with a phone line). */
    final Set<UUID> reachable = new HashSet<>();

    RecordingLegDriver(LegKind kind) {
        this.kind = kind;
    }

    @Override
    public LegKind kind() {
        return kind;
    }

    @Override
    public boolean reaches(UUID agentId) {
        return reachable.contains(agentId);
    }

    @Override
    public void dial(Call call, Leg leg) {
        commands.add("dial " + leg.id());
    }

    @Override
    public void alerting(Call call, Leg caller) {
        commands.add("alerting " + caller.id());
    }

    @Override
    public void connect(Call call, Leg leg) {
        commands.add("connect " + leg.id());
    }

    @Override
    public void release(Call call, Leg leg, EndReason reason) {
        commands.add("release " + leg.id() + " " + reason);
    }

    @Override
    public void hold(Call call, Leg leg, boolean held) {
        commands.add((held ? "hold " : "resume ") + leg.id());
    }
}
