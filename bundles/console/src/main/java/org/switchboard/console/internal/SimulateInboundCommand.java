package org.switchboard.console.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.SimulatedCaller;
import org.switchboard.api.number.E164;

@Command(scope = "sb", name = "simulate-inbound",
        description = "Places a simulated inbound call; whoever answers hears a spoken prompt")
@Service
public class SimulateInboundCommand implements Action {
    @Argument(index = 0, name = "from", description = "Caller's number in E.164, e.g. +15551230001", required = true)
    private String from;

    @Argument(index = 1, name = "to", description = "One of our numbers or an extension, e.g. +15550100 or 1001",
            required = true)
    private String to;

    @Reference(optional = true)
    private SimulatedCaller simulatedCaller;

    @Override
    public Object execute() {
        if (!E164.isValid(from)) {
            throw new IllegalArgumentException("'" + from + "' is not an E.164 number such as +15551230001");
        }
        if (simulatedCaller == null) {
            throw new IllegalStateException("call control is not running (feature switchboard-core)");
        }
        Call call = simulatedCaller.simulateInbound(E164.of(from), to.trim());
        System.out.println("Call " + call.id() + " from " + from + " to " + to + " is " + call.state().name().toLowerCase(
                java.util.Locale.ROOT) + " (sb:calls to follow it, sb:hangup to end it)");
        return null;
    }
}
