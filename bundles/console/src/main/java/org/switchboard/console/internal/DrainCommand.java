package org.switchboard.console.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.switchboard.api.call.CallService;

@Command(scope = "sb", name = "drain",
        description = "Refuses new calls and lets active ones finish, before upgrading core, sip or media; --off lifts it")
@Service
public class DrainCommand implements Action {
    @Option(name = "--off", description = "Accept new calls again")
    private boolean off;

    @Reference
    private CallService calls;

    @Override
    public Object execute() {
        calls.setDraining(!off);
        int active = calls.active().size();
        System.out.println(off ? "Accepting new calls (" + active + " live)"
                : "Draining: new calls are refused; " + active + " live calls may finish (sb:calls shows them)");
        return null;
    }
}
