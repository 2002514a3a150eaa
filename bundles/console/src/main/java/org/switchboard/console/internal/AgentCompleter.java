package org.switchboard.console.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.switchboard.api.agent.AgentService;

/** Completes agent usernames. */
@Service
public class AgentCompleter implements Completer {
    @Reference
    private AgentService agents;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        var names = agents.list().stream().map(s -> s.agent().username()).toList();
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }
}
