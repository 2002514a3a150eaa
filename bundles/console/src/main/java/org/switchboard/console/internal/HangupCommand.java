package org.switchboard.console.internal;

import java.util.UUID;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.EndReason;

@Command(scope = "sb", name = "hangup", description = "Ends a live call (both parties are released)")
@Service
public class HangupCommand implements Action {
    @Argument(index = 0, name = "call", description = "Call id (see sb:calls)", required = true)
    @Completion(CallCompleter.class)
    private String call;

    @Reference
    private CallService calls;

    @Override
    public Object execute() {
        UUID id;
        try {
            id = UUID.fromString(call.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + call + "' is not a call id (see sb:calls)");
        }
        if (calls.find(id).filter(c -> c.state().isLive()).isEmpty()) {
            throw new IllegalArgumentException("no live call " + id + " (see sb:calls)");
        }
        calls.hangup(id, EndReason.SHUTDOWN);
        System.out.println("Call " + id + " ended");
        return null;
    }
}
