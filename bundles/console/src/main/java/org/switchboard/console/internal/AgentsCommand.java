package org.switchboard.console.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.number.E164;

@Command(scope = "sb", name = "agents", description = "Lists agents with their numbers, role and presence")
@Service
public class AgentsCommand implements Action {
    @Reference
    private AgentService agents;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Username");
        table.column("Name");
        table.column("Ext");
        table.column("DID");
        table.column("Role");
        table.column("Presence");
        table.column("Enabled");
        for (var status : agents.list()) {
            var a = status.agent();
            table.addRow().addContent(a.username(), a.displayName(), a.extension(),
                    a.did().map(E164::value).orElse("-"), a.role().name().toLowerCase(),
                    Labels.of(status.presence()), a.enabled() ? "yes" : "no");
        }
        table.print(System.out);
        return null;
    }
}
