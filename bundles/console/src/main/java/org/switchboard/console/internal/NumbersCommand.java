package org.switchboard.console.internal;

import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.agent.AgentStatus;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.NumberAssignment;
import org.switchboard.api.number.NumberRepository;
import org.switchboard.api.number.NumberTarget;

@Command(scope = "sb", name = "numbers", description = "Shows the number plan: extensions, owned numbers and groups")
@Service
public class NumbersCommand implements Action {
    @Reference
    private AgentService agents;

    @Reference
    private NumberRepository numbers;

    @Override
    public Object execute() {
        Map<UUID, Agent> byId = agents.list().stream().map(AgentStatus::agent)
                .collect(Collectors.toMap(Agent::id, Function.identity()));
        Map<UUID, Group> groups = numbers.groups().stream().collect(Collectors.toMap(Group::id, Function.identity()));

        ShellTable table = new ShellTable();
        table.column("Number");
        table.column("Kind");
        table.column("Rings");
        table.column("Detail");
        byId.values().stream().sorted((a, b) -> a.extension().compareTo(b.extension())).forEach(a ->
                table.addRow().addContent(a.extension(), "extension", a.username(), a.displayName()));
        for (NumberAssignment n : numbers.numbers()) {
            if (n.target() instanceof NumberTarget.ToAgent t) {
                table.addRow().addContent(n.number().value(), "did", name(byId.get(t.agentId())), n.label());
            } else if (n.target() instanceof NumberTarget.ToGroup t) {
                Group g = groups.get(t.groupId());
                table.addRow().addContent(n.number().value(), "group", g == null ? "?" : "group " + g.name(),
                        g == null ? n.label() : describe(g, byId));
            }
        }
        table.print(System.out);
        return null;
    }

    private static String name(Agent agent) {
        return agent == null ? "?" : agent.username();
    }

    private static String describe(Group g, Map<UUID, Agent> agents) {
        String members = g.members().stream().map(id -> name(agents.get(id))).collect(Collectors.joining(","));
        return Labels.of(g.strategy()) + " [" + members + "], ring " + g.ringTimeout().toSeconds()
                + " s" + (g.autoRecord() ? ", auto-record" : "")
                + g.voicemailAfter().map(d -> ", voicemail after " + d.toSeconds() + " s").orElse("");
    }
}
