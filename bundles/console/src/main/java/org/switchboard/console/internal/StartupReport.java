package org.switchboard.console.internal;

import java.lang.management.ManagementFactory;
import org.apache.karaf.features.BootFinished;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.switchboard.api.agent.AgentService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the one line an admin waits for: Switchboard is up, and how long the start took. Karaf
 * registers {@link BootFinished} once every boot feature is installed; the agent service exists
 * once the store has migrated and core is up, so both together mean "ready for agents".
 */
@Component(immediate = true, service = {})
public class StartupReport {
    private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);

    @Activate
    public StartupReport(@Reference BootFinished bootFinished, @Reference AgentService agents) {
        long uptimeMillis = ManagementFactory.getRuntimeMXBean().getUptime();
        LOG.info("Switchboard ready in {} s: REST http://{}:{}/api/v1, console ssh port {}",
                String.format("%.1f", uptimeMillis / 1000.0),
                System.getProperty("org.ops4j.pax.web.listening.addresses", "127.0.0.1"),
                System.getProperty("org.osgi.service.http.port", "8181"),
                System.getProperty("karaf.shell.sshPort", "8101"));
    }
}
