package org.switchboard.console.internal;

import java.util.Arrays;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.switchboard.api.agent.AgentService;

@Command(scope = "sb", name = "passwd", description = "Sets an agent's password (asks for it unless --password is given)")
@Service
public class PasswdCommand implements Action {
    @Argument(index = 0, name = "username", required = true)
    @Completion(AgentCompleter.class)
    private String username;

    @Option(name = "--password", description = "New password (avoid: it stays in the shell history)")
    private String password;

    @Reference
    private AgentService agents;

    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        var agent = Agents.byUsername(agents, username).agent();
        char[] secret = Passwords.obtain(session, password);
        try {
            org.switchboard.api.agent.Passwords.requireAcceptable(secret);
            agents.changePassword(agent.id(), secret);
        } finally {
            Arrays.fill(secret, ' ');
        }
        System.out.println("Password changed for " + agent.username());
        return null;
    }
}
