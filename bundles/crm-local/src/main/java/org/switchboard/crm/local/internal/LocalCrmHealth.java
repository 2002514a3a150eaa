package org.switchboard.crm.local.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.switchboard.api.health.Health;
import org.switchboard.api.health.HealthIndicator;

/**
 * Whether the local CRM's tables answer. A separate component from the connector because
 * {@link HealthIndicator#name()} and {@link org.switchboard.api.crm.CrmConnector#name()} clash.
 * The query runs on its own thread so a hung pool cannot stall the health report.
 */
@Component(service = HealthIndicator.class)
public final class LocalCrmHealth implements HealthIndicator {
    static final String NAME = "crm-local";
    private static final Duration TIMEOUT = Duration.ofMillis(800);

    private final DataSource dataSource;
    private final Duration timeout;
    private final ExecutorService executor;
    private Future<Health> pending;

    @Activate
    public LocalCrmHealth(@Reference(target = "(dataSourceName=switchboard)") DataSource dataSource) {
        this(dataSource, TIMEOUT);
    }

    LocalCrmHealth(DataSource dataSource, Duration timeout) {
        this.dataSource = dataSource;
        this.timeout = timeout;
        this.executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "crm-local-health");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Health check() {
        try {
            return probe().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Health.down("database did not answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down("health check interrupted");
        } catch (ExecutionException e) {
            return Health.down("check failed: " + CrmDatabase.reason(e.getCause()));
        } catch (RejectedExecutionException e) {
            return Health.down("stopped");
        }
    }

    /** Joins a probe still running rather than queueing another behind a stuck one. */
    private synchronized Future<Health> probe() {
        if (pending == null || pending.isDone()) {
            pending = executor.submit(this::query);
        }
        return pending;
    }

    private Health query() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT id FROM crm_contacts WHERE 1 = 0")) {
            select.executeQuery().close();
            return Health.up("database answers");
        } catch (SQLException e) {
            return Health.down("database unavailable: " + CrmDatabase.reason(e));
        }
    }
}
