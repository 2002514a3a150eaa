package org.switchboard.console.internal;

import java.util.Locale;
import java.util.UUID;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.RecordingAction;

/** The REC button for an admin: core decides, media captures, the recording bundle makes the MP3 after the call. */
@Command(scope = "sb", name = "record", description = "Starts, stops, pauses or resumes the recording of a live call")
@Service
public class RecordCommand implements Action {
    @Argument(index = 0, name = "call", description = "Call id (see sb:calls)", required = true)
    @Completion(CallCompleter.class)
    String call;

    @Argument(index = 1, name = "action", description = "start, stop, pause or resume", required = true)
    @Completion(value = StringsCompleter.class, values = {"start", "stop", "pause", "resume"})
    String action;

    @Reference
    CallService calls;

    @Override
    public Object execute() {
        RecordingAction what = action(action);
        UUID id;
        try {
            id = UUID.fromString(call.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + call + "' is not a call id (see sb:calls)");
        }
        if (calls.find(id).filter(c -> c.state().isLive()).isEmpty()) {
            throw new IllegalArgumentException("no live call " + id + " (see sb:calls)");
        }
        Call updated = calls.record(id, what); // IllegalCallStateException: its message is the one line shown
        System.out.println("Call " + id + ": " + describe(updated));
        return null;
    }

    static String describe(Call call) {
        return call.recording()
                .map(r -> "recording " + r.recordingId() + (r.paused() ? " paused" : " running")
                        + (r.automatic() ? " (automatic)" : ""))
                .orElse("not recording");
    }

    static RecordingAction action(String action) {
        return switch (action == null ? "" : action.trim().toLowerCase(Locale.ROOT)) {
            case "start" -> RecordingAction.START;
            case "stop" -> RecordingAction.STOP;
            case "pause" -> RecordingAction.PAUSE;
            case "resume" -> RecordingAction.RESUME;
            default -> throw new IllegalArgumentException("unknown action '" + action + "'; use start, stop, pause or resume");
        };
    }
}
