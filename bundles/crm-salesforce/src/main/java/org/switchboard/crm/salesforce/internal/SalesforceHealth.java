package org.switchboard.crm.salesforce.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.switchboard.api.crm.CrmUnavailableException;
import org.switchboard.api.health.Health;

/**
 * Whether the integration user can get a token and the last request went through. Getting a
 * token runs on its own thread: the health report waits at most {@link #TIMEOUT} and the sign-in
 * carries on, so the next report sees its outcome.
 */
final class SalesforceHealth implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofMillis(800);
    /** A failed sign-in is tried again by the health report at most this often (each failure logs a line). */
    static final Duration RETRY_SIGN_IN = Duration.ofSeconds(30);

    private final IntegrationToken token;
    private final SalesforceApi api;
    private final String username;
    private final ExecutorService executor;
    private Future<Health> pending;
    private long pendingStartedNanos;

    SalesforceHealth(IntegrationToken token, SalesforceApi api, String username) {
        this.token = token;
        this.api = api;
        this.username = username;
        this.executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "crm-salesforce-health");
            thread.setDaemon(true);
            return thread;
        });
    }

    Health check() {
        Optional<AccessToken> cached = token.cached();
        if (cached.isPresent()) {
            return afterSignIn(cached.get());
        }
        try {
            return probe().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Health.down("signing in to Salesforce took longer than " + TIMEOUT.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down("health check interrupted");
        } catch (ExecutionException e) {
            return Health.down("check failed: " + e.getCause().getClass().getSimpleName());
        } catch (RejectedExecutionException e) {
            return Health.down("stopped");
        }
    }

    private synchronized Future<Health> probe() {
        boolean recentFailure = pending != null && pending.isDone()
                && System.nanoTime() - pendingStartedNanos < RETRY_SIGN_IN.toNanos();
        if (pending == null || pending.isDone() && !recentFailure) {
            pendingStartedNanos = System.nanoTime();
            pending = executor.submit(() -> {
                try {
                    return afterSignIn(token.current());
                } catch (CrmUnavailableException e) {
                    return Health.down("no access token: " + e.getMessage());
                }
            });
        }
        return pending;
    }

    private Health afterSignIn(AccessToken current) {
        return api.lastFailure().map(failure -> Health.down("last request failed: " + failure))
                .orElseGet(() -> Health.up("signed in to " + current.instanceUrl() + " as " + username));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
