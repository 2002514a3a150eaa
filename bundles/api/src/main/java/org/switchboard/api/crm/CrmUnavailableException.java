package org.switchboard.api.crm;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The CRM cannot be reached or refused the request for now (outage, 5xx, rate limit); the caller
 * may retry later, not before {@link #retryAfter()} when the CRM said how long to wait.
 */
public class CrmUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Optional<Duration> retryAfter;

    public CrmUnavailableException(String message, Throwable cause) {
        super(message, cause);
        this.retryAfter = Optional.empty();
    }

    public CrmUnavailableException(String message) {
        super(message);
        this.retryAfter = Optional.empty();
    }

    public CrmUnavailableException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = Optional.of(Objects.requireNonNull(retryAfter, "retryAfter"));
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
