package org.switchboard.console.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.switchboard.api.agent.AgentService;

import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegRole;

@Command(scope = "sb", name = "calls", description = "Lists live calls: parties, agent, state and duration")
@Service
public class CallsCommand implements Action {
    @Reference
    private CallService calls;

    @Reference
    private AgentService agents;

    @Override
    public Object execute() {
        Map<UUID, String> names = agents.list().stream()
                .collect(Collectors.toMap(s -> s.agent().id(), s -> s.agent().username()));
        Instant now = Instant.now();
        ShellTable table = new ShellTable();
        table.column("Call");
        table.column("Direction");
        table.column("From");
        table.column("To");
        table.column("Agent");
        table.column("State");
        table.column("Duration");
        for (Call call : calls.active()) {
            table.addRow().addContent(call.id(), call.direction().name().toLowerCase(), call.caller().address(),
                    call.dialed(), call.agentId().map(id -> names.getOrDefault(id, id.toString())).orElse("-"),
                    call.state().name().toLowerCase() + held(call), seconds(Duration.between(call.createdAt(), now)));
        }
        table.print(System.out);
        System.out.println(calls.active().size() + " live calls" + (calls.isDraining() ? " (draining)" : ""));
        return null;
    }

    private static String held(Call call) {
        return call.liveLegs().stream().anyMatch(Leg::held)
                ? " (" + call.liveLegs().stream().filter(Leg::held).map(l -> l.role() == LegRole.CALLER ? "caller" : "callee")
                        .collect(Collectors.joining(",")) + " held)"
                : "";
    }

    private static String seconds(Duration d) {
        return String.format("%d:%02d", d.toMinutes(), d.toSecondsPart());
    }

}
