package org.switchboard.console.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.registration.Registration;
import org.switchboard.api.registration.RegistrationRepository;

@Command(scope = "sb", name = "registrations", description = "Lists the SIP phones registered now, optionally of one agent")
@Service
public class RegistrationsCommand implements Action {
    @Argument(index = 0, name = "username", description = "Only this agent's phones")
    @Completion(AgentCompleter.class)
    private String username;

    @Reference
    private RegistrationRepository registrations;

    @Reference
    private AgentService agents;

    @Override
    public Object execute() {
        Instant now = Clock.systemUTC().instant();
        List<Registration> active;
        if (username != null) {
            active = registrations.active(Agents.byUsername(agents, username).agent().id(), now);
        } else {
            active = registrations.allActive(now);
        }
        Map<UUID, String> names = agents.list().stream()
                .collect(Collectors.toMap(s -> s.agent().id(), s -> s.agent().username(), (a, b) -> a));
        ShellTable table = new ShellTable();
        table.column("Agent");
        table.column("Contact");
        table.column("Source");
        table.column("Transport");
        table.column("User agent");
        table.column("Expires in");
        active.stream()
                .sorted((a, b) -> names.getOrDefault(a.agentId(), "").compareTo(names.getOrDefault(b.agentId(), "")))
                .forEach(r -> table.addRow().addContent(names.getOrDefault(r.agentId(), r.agentId().toString()),
                        r.contact(), r.source(), r.transport(), r.userAgent().isEmpty() ? "-" : r.userAgent(),
                        expiresIn(Duration.between(now, r.expiresAt()))));
        table.print(System.out);
        return null;
    }

    /** {@code 59:58}, {@code 1:00:00}. */
    static String expiresIn(Duration left) {
        long seconds = Math.max(0, left.toSeconds());
        long hours = seconds / 3600;
        String minutesSeconds = String.format("%02d:%02d", (seconds % 3600) / 60, seconds % 60);
        return hours > 0 ? hours + ":" + minutesSeconds : minutesSeconds;
    }
}
