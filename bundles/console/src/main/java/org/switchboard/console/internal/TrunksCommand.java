package org.switchboard.console.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.switchboard.api.trunk.TrunkStatus;
import org.switchboard.api.trunk.Trunks;

@Command(scope = "sb", name = "trunks", description = "Lists the carrier trunks: peer, registration state, live calls")
@Service
public class TrunksCommand implements Action {
    // optional: the command must still answer (with the reason) while the sip bundle is stopped
    @Reference(optional = true)
    private Trunks trunks;

    @Override
    public Object execute() {
        if (trunks == null) {
            throw new IllegalStateException("SIP is not running (feature switchboard-sip); no trunk is in use");
        }
        List<TrunkStatus> all = trunks.all();
        if (all.isEmpty()) {
            System.out.println("No trunk configured (add etc/org.switchboard.sip.trunk-<name>.cfg)");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Trunk");
        table.column("Peer");
        table.column("Transport");
        table.column("Registration");
        table.column("Calls");
        all.forEach(t -> table.addRow().addContent(t.name(), t.peer(), t.transport(), registration(t), t.activeCalls()));
        table.print(System.out);
        return null;
    }

    static String registration(TrunkStatus trunk) {
        if (!trunk.registers()) {
            return "not registering";
        }
        if (trunk.registered()) {
            return "registered" + trunk.registeredUntil().map(until -> ", expires in "
                    + RegistrationsCommand.expiresIn(Duration.between(Clock.systemUTC().instant(), until))).orElse("");
        }
        return "NOT registered" + (trunk.detail().isEmpty() ? "" : " (" + trunk.detail() + ")");
    }
}
