package org.switchboard.console.internal;

import java.util.Arrays;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.agent.NewAgent;
import org.switchboard.api.agent.Role;
import org.switchboard.api.number.E164;

@Command(scope = "sb", name = "agent-add", description = "Creates an agent (asks for the password unless --password is given)")
@Service
public class AgentAddCommand implements Action {
    @Argument(index = 0, name = "username", description = "Login and SIP user name, lower case", required = true)
    private String username;

    @Argument(index = 1, name = "extension", description = "Internal number, e.g. 1004", required = true)
    private String extension;

    @Option(name = "--name", description = "Display name (default: the username)")
    private String displayName;

    @Option(name = "--did", description = "Direct number in E.164 form, e.g. +15550104")
    private String did;

    @Option(name = "--role", description = "agent, supervisor or admin (default agent)")
    @Completion(value = StringsCompleter.class, values = {"agent", "supervisor", "admin"})
    private String role = "agent";

    @Option(name = "--password", description = "Password (avoid: it stays in the shell history)")
    private String password;

    @Reference
    private AgentService agents;

    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        Optional<E164> number = Optional.ofNullable(did).map(String::trim).map(E164::of);
        Role parsedRole = parseRole(role);
        char[] secret = Passwords.obtain(session, password);
        try {
            Agent agent = agents.add(new NewAgent(username, displayName != null ? displayName : username, extension,
                    number, parsedRole, secret));
            System.out.println("Created agent " + agent.username() + " (ext " + agent.extension()
                    + agent.did().map(d -> ", DID " + d).orElse("") + ", " + parsedRole.name().toLowerCase() + ")");
        } finally {
            Arrays.fill(secret, ' ');
        }
        return null;
    }

    private static Role parseRole(String text) {
        try {
            return Role.valueOf(text.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + text + "'; use agent, supervisor or admin");
        }
    }
}
