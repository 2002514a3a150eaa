package org.switchboard.console.internal;

import java.util.Arrays;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.switchboard.api.agent.Presence;

/** Completes presence values (available, away, …). */
@Service
public class PresenceCompleter implements Completer {
    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        var values = Arrays.stream(Presence.values()).map(Labels::of).toList();
        return new StringsCompleter(values).complete(session, commandLine, candidates);
    }

    static Presence parse(String text) {
        try {
            return Presence.valueOf(text.trim().toUpperCase().replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown presence '" + text + "'; use one of "
                    + Arrays.stream(Presence.values()).map(Labels::of).toList());
        }
    }
}
