package org.switchboard.console.internal;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.call.CallService;
import org.switchboard.api.calllog.Outbox;
import org.switchboard.api.calllog.OutboxStatus;
import org.switchboard.api.crm.CrmConnector;
import org.switchboard.api.crm.CrmConnectors;
import org.switchboard.api.health.Health;
import org.switchboard.api.health.HealthIndicator;

@Command(scope = "sb", name = "status", description = "Shows Switchboard's health, agents, calls and CRM delivery at a glance")
@Service
public class StatusCommand implements Action {
    @Reference
    private AgentService agents;

    @Reference
    private CallService calls;

    @Reference
    private Outbox outbox;

    @Reference(optional = true)
    private List<HealthIndicator> health;

    @Reference
    private CrmConnectors crm;

    @Override
    public Object execute() {
        Duration uptime = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
        Map<String, Long> presence = agents.list().stream()
                .collect(Collectors.groupingBy(s -> Labels.of(s.presence()), TreeMap::new,
                        Collectors.counting()));

        ShellTable table = new ShellTable();
        table.column("Component");
        table.column("Status");
        table.column("Detail");
        table.addRow().addContent("uptime", "", formatted(uptime));
        table.addRow().addContent("agents", "", agents.list().size() + " " + presence);
        table.addRow().addContent("calls", "", calls.active().size() + " active");
        table.addRow().addContent("outbox", "", outbox.count(OutboxStatus.PENDING) + " pending, "
                + outbox.count(OutboxStatus.PARKED) + " parked, " + outbox.count(OutboxStatus.DELIVERED) + " delivered");
        List<CrmConnector> connectors = crm.all();
        table.addRow().addContent("crm", connectors.isEmpty() ? "NONE" : "UP",
                connectors.isEmpty() ? "no connector: call logs wait in the outbox"
                        : "agents use " + connectors.get(0).name() + "; connected: "
                                + connectors.stream().map(CrmConnector::name).collect(Collectors.joining(", ")));
        if (health != null) {
            for (HealthIndicator indicator : health) {
                Health h = safeCheck(indicator);
                table.addRow().addContent(indicator.name(), h.status().name(), h.detail());
            }
        }
        table.print(System.out);
        return null;
    }

    private static Health safeCheck(HealthIndicator indicator) {
        try {
            return indicator.check();
        } catch (RuntimeException e) {
            return Health.down(e.getClass().getSimpleName());
        }
    }

    private static String formatted(Duration d) {
        return String.format("%dd %02d:%02d:%02d", d.toDays(), d.toHoursPart(), d.toMinutesPart(), d.toSecondsPart());
    }
}
