package org.switchboard.console.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.switchboard.api.call.CallService;

/** Completes the ids of live calls. */
@Service
public class CallCompleter implements Completer {
    @Reference
    private CallService calls;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        var ids = calls.active().stream().map(c -> c.id().toString()).toList();
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}
