package org.switchboard.console.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.switchboard.api.recording.RecordingQuery;
import org.switchboard.api.recording.RecordingRepository;

/** Completes the ids of the newest recordings. */
@Service
public class RecordingCompleter implements Completer {
    @Reference
    private RecordingRepository recordings;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        var ids = recordings.list(RecordingQuery.all(100)).stream().map(r -> r.id().toString()).toList();
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}
