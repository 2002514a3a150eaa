package org.switchboard.core.internal;

import java.util.ArrayList;
import java.util.List;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegDriver;
import org.switchboard.api.call.LegKind;

/** Writes down what core asked the adapter to do, as {@code "release <legId> BUSY"} lines. */
class RecordingLegDriver implements LegDriver {
    final List<String> commands = new ArrayList<>();
    private final LegKind kind;

    RecordingLegDriver(LegKind kind) {
        this.kind = kind;
    }

    @Override
    public LegKind kind() {
        return kind;
    }

    @Override
    public void dial(Call call, Leg leg) {
        commands.add("dial " + leg.id());
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
