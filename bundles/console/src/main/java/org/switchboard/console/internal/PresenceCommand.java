package org.switchboard.console.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.agent.AgentStatus;

@Command(scope = "sb", name = "presence", description = "Shows or sets an agent's presence")
@Service
public class PresenceCommand implements Action {
    @Argument(index = 0, name = "username", required = true)
    @Completion(AgentCompleter.class)
    private String username;

    @Argument(index = 1, name = "presence", description = "available, away, busy, wrap-up or offline")
    @Completion(PresenceCompleter.class)
    private String presence;

    @Reference
    private AgentService agents;

    @Override
    public Object execute() {
        AgentStatus status = Agents.byUsername(agents, username);
        if (presence != null) {
            status = agents.setPresence(status.agent().id(), PresenceCompleter.parse(presence));
        }
        System.out.println(status.agent().username() + " is " + Labels.of(status.presence())
                + " since " + status.since());
        return null;
    }
}
