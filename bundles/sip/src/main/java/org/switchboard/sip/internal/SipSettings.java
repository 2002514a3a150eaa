package org.switchboard.sip.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The validated form of {@link SipServer.Config}. */
record SipSettings(
        String bindAddress,
        int port,
        Optional<Tls> tls,
        String domain,
        Duration nonceValidity,
        int maxFailedAuthsPerAddress,
        Duration block,
        ExpiryPolicy expiry,
        List<DigestAlgorithm> digestAlgorithms,
        int maxContactsPerAgent,
        int workerThreads,
        boolean b2bua,
        Duration ringTimeout,
        Optional<Pattern> md5OnlyUserAgents,
        boolean mwiUnsolicited,
        SessionTimers.Settings sessionTimers,
        Admission.Limits overload) {

    /** TLS listening point: only when a keystore is configured. */
    record Tls(int port, Path keystore, String keystorePassword, String keystoreType) {
        @Override
        public String toString() {
            return "Tls[" + port + ", " + keystore + "]";
        }
    }

    static SipSettings from(SipServer.Config config) {
        String bind = config.bindAddress().trim();
        try {
            InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bindAddress " + bind + " is not an address");
        }
        requirePort(config.port(), "port");
        Optional<Tls> tls = Optional.empty();
        if (!config.keystore().isBlank() || !config.keystorePassword().isEmpty()) {
            if (config.keystore().isBlank() || config.keystorePassword().isEmpty()) {
                throw new IllegalArgumentException("TLS needs both keystore and keystorePassword");
            }
            requirePort(config.tlsPort(), "tlsPort");
            if (config.tlsPort() == config.port()) {
                throw new IllegalArgumentException("tlsPort must differ from port");
            }
            Path keystore = Path.of(config.keystore().trim());
            if (!Files.isReadable(keystore)) {
                throw new IllegalArgumentException("keystore " + keystore + " is not readable");
            }
            tls = Optional.of(new Tls(config.tlsPort(), keystore, config.keystorePassword(),
                    config.keystoreType().trim()));
        }
        String domain = config.domain().trim();
        if (domain.isEmpty()) {
            throw new IllegalArgumentException("domain is required");
        }
        requireAtLeast(config.nonceValiditySeconds(), 10, "nonceValiditySeconds");
        requireAtLeast(config.maxFailedAuthsPerAddress(), 1, "maxFailedAuthsPerAddress");
        requireAtLeast(config.blockSeconds(), 1, "blockSeconds");
        requireAtLeast(config.maxContactsPerAgent(), 1, "maxContactsPerAgent");
        requireAtLeast(config.workerThreads(), 0, "workerThreads");
        requireAtLeast(config.ringTimeoutSeconds(), 5, "ringTimeoutSeconds");
        ExpiryPolicy expiry = new ExpiryPolicy(config.minExpires(), config.maxExpires());
        return new SipSettings(bind, config.port(), tls, domain, Duration.ofSeconds(config.nonceValiditySeconds()),
                config.maxFailedAuthsPerAddress(), Duration.ofSeconds(config.blockSeconds()), expiry,
                algorithms(config.digestAlgorithms()), config.maxContactsPerAgent(), workerThreads(config.workerThreads()),
                config.b2bua(), Duration.ofSeconds(config.ringTimeoutSeconds()), userAgents(config.md5OnlyUserAgents()),
                config.mwiUnsolicited(),
                SessionTimers.Settings.of(config.sessionExpiresSeconds(), config.minSessionExpiresSeconds()),
                new Admission.Limits(config.maxCallsPerSecond(),
                        Duration.ofMillis(config.maxQueueDelayMillis()), config.maxConcurrentCalls(),
                        config.maxUnauthenticatedInvitesPerSecond(), config.retryAfterSeconds()));
    }

    /**
     * 0: one per processor, at least 2. The handlers keep a processor busy rather than wait (stores and CRM lookups
     * have threads of their own), and each thread beyond that is one more to park and wake between tasks: on two
     * cores, four workers cost ~16 % more CPU per call than two at 800 calls a second (bench/README.md).
     */
    private static int workerThreads(int configured) {
        return configured > 0 ? configured : Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    private static Optional<Pattern> userAgents(String regex) {
        if (regex == null || regex.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Pattern.compile(regex.trim()));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("md5OnlyUserAgents is not a valid regular expression: " + e.getDescription());
        }
    }

    /** {@code udp+tcp 127.0.0.1:5060} (and {@code , tls :5061}), as the health report shows it. */
    String describe() {
        String host = bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
        return "udp+tcp " + host + ":" + port + tls.map(t -> ", tls :" + t.port()).orElse("");
    }

    private static List<DigestAlgorithm> algorithms(String text) {
        List<DigestAlgorithm> algorithms = new ArrayList<>();
        for (String token : Arrays.stream(text.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList()) {
            DigestAlgorithm algorithm = DigestAlgorithm.fromToken(token)
                    .orElseThrow(() -> new IllegalArgumentException("digestAlgorithms: unknown algorithm " + token
                            + " (SHA-256, MD5)"));
            if (!algorithms.contains(algorithm)) {
                algorithms.add(algorithm);
            }
        }
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("digestAlgorithms must name SHA-256 and/or MD5");
        }
        return List.copyOf(algorithms);
    }

    private static void requirePort(int port, String what) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " must be 1 to 65535, was " + port);
        }
    }

    private static void requireAtLeast(int value, int min, String what) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be at least " + min + ", was " + value);
        }
    }
}
