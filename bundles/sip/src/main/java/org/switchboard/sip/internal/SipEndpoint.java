package org.switchboard.sip.internal;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.ListeningPoint;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running jain-sip stack: UDP and TCP (and TLS) listening points on the bind address, one provider,
 * the message factories, and the Via branches we generate (recognisable, so a request that comes back
 * to us is a loop). The stack is instantiated directly: {@code SipFactory} looks classes up by name,
 * which does not work across OSGi class loaders.
 */
final class SipEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SipEndpoint.class);
    /** RFC 3261 magic cookie, then ours. */
    private static final String BRANCH_COOKIE = "z9hG4bK";
    static final int MAX_MESSAGE_SIZE = 64 * 1024;
    private static final int UDP_SOCKET_BUFFER = 4 * 1024 * 1024;
    /** One per core (at least two): more only add thread switches, fewer leave cores idle on a big host. */
    private static final int PARSER_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** Forward-secret AEAD suites only (TLS 1.3, then ECDHE for TLS 1.2 phones), for RSA and EC certificates. */
    private static final List<String> TLS_CIPHER_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private final SipSettings settings;
    private final TunedSipStack stack;
    private final ParseQueue parseQueue;
    private final SipProvider provider;
    private final List<ListeningPoint> listeningPoints = new ArrayList<>();
    private final String branchPrefix;
    final HeaderFactory headers = new HeaderFactoryImpl();
    final MessageFactory messages = new MessageFactoryImpl();
    final AddressFactory addresses = new AddressFactoryImpl();

    SipEndpoint(SipSettings settings, SipListener listener, GuardedParserFactory parsers, BlockValve valve,
            DatagramGate gate) throws SipException {
        this.settings = settings;
        byte[] token = new byte[4];
        new SecureRandom().nextBytes(token);
        this.branchPrefix = BRANCH_COOKIE + "-sb" + HexFormat.of().formatHex(token) + "-";
        this.stack = new TunedSipStack(properties(settings), gate);
        try {
            stack.setMessageParserFactory(parsers);
            stack.sipMessageValves.add(valve);
            // UDP last: its processor starts its parser threads from a thread of its own, so a stop right after its
            // start can miss them and leave them waiting forever; a taken TCP or TLS port must fail before that
            // (SipServer tries again every 2 s while a port is taken). UDP stays the provider's first point.
            ListeningPoint tcp = stack.createListeningPoint(settings.bindAddress(), settings.port(), ListeningPoint.TCP);
            Optional<ListeningPoint> tls = settings.tls().isEmpty() ? Optional.empty()
                    : Optional.of(stack.createListeningPoint(settings.bindAddress(), settings.tls().get().port(),
                            ListeningPoint.TLS));
            listeningPoints.add(stack.createListeningPoint(settings.bindAddress(), settings.port(), ListeningPoint.UDP));
            listeningPoints.add(tcp);
            tls.ifPresent(listeningPoints::add);
            this.provider = stack.createSipProvider(listeningPoints.get(0));
            for (ListeningPoint point : listeningPoints.subList(1, listeningPoints.size())) {
                provider.addListeningPoint(point);
            }
            provider.addSipListener(listener);
            stack.start();
            this.parseQueue = ParseQueue.of(stack);
        } catch (SipException | RuntimeException e) {
            stopAfterFailedStart(e);
            throw e;
        } catch (Exception e) {
            stopAfterFailedStart(e);
            throw new SipException(e.getMessage(), e);
        }
    }

    /**
     * Stops what started of the stack, keeping the failure that stopped it ("Address already in use" is what the
     * health report must say): jain-sip's stop is not made for a half-started stack (see
     * {@link TunedSipStack#removeMessageProcessor}).
     */
    private void stopAfterFailedStart(Exception failure) {
        try {
            stack.stop();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static Properties properties(SipSettings settings) {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "switchboard-sip-" + settings.port());
        // we answer every request ourselves: dialogs are the B2BUA's business, not the stack's
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        // jain-sip closes a TCP connection silently beyond its limit; up to twice ours it hands the message
        // to GuardedParserFactory, which drops it with a log line (a UDP datagram never exceeds 64 KiB)
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", String.valueOf(2 * MAX_MESSAGE_SIZE));
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        // the stack's parser threads only parse and match transactions: our handlers run on the SIP workers. On two
        // cores, 8 of them cost ~10 % more CPU per call than 2 (thread switches). What waits for them is watched by
        // admission (ParseQueue), or an overload would build up unseen here
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", String.valueOf(PARSER_THREADS));
        p.setProperty("gov.nist.javax.sip.MAX_CONNECTIONS", "2048");
        p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", "20000");
        p.setProperty("gov.nist.javax.sip.MAX_CLIENT_TRANSACTIONS", "20000");
        p.setProperty("gov.nist.javax.sip.CACHE_SERVER_CONNECTIONS", "true");
        // a finished transaction lingers for Timer J/K (up to 32 s over UDP) to absorb retransmissions; by
        // default it keeps its dialog, parsed request and last response alive that long, so at a few hundred
        // calls a second every young collection copied tens of megabytes of dead calls. "Normal" keeps their
        // bytes instead (re-parsed if anyone asks) and lets a confirmed dialog drop its first transaction.
        p.setProperty("gov.nist.javax.sip.RELEASE_REFERENCES_STRATEGY", "Normal");
        // and an ended dialog or INVITE transaction leaves the stack's tables (and releases what it held) after
        // 1 s instead of 8: long enough for an ACK or BYE racing the end of its dialog (an ACK handled while
        // the BYE right behind it ends the dialog; with 0 jain-sip fails on the released state)
        p.setProperty("gov.nist.javax.sip.LINGER_TIMER", "1");
        // the stack's timers: TunedSipStack replaces the default one (java.util.Timer, which kept a cancelled task
        // queued with its dialog or transaction until it would have run) by WheelSipTimer
        // a burst of datagrams waits in the kernel instead of being dropped (and retransmitted, adding
        // load when there is least room for it); the kernel caps it at net.core.rmem_max / wmem_max
        p.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", String.valueOf(UDP_SOCKET_BUFFER));
        p.setProperty("gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE", String.valueOf(UDP_SOCKET_BUFFER));
        // while it is built the stack logs through its own LogWriter and log4j 1 (pax-logging in Karaf), errors
        // only: at INFO it logs every message it sends and receives, credentials included. Then JainSipLog.
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "ERROR");
        p.setProperty("gov.nist.javax.sip.LOG4J_LOGGER_NAME", "gov.nist.javax.sip");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        settings.tls().ifPresent(tls -> {
            p.setProperty("javax.net.ssl.keyStore", tls.keystore().toString());
            p.setProperty("javax.net.ssl.keyStorePassword", tls.keystorePassword());
            p.setProperty("javax.net.ssl.keyStoreType", tls.keystoreType());
            // carriers we reach over TLS are checked against the JDK's public CAs (jain-sip insists on a file)
            p.setProperty("javax.net.ssl.trustStore", Path.of(System.getProperty("java.home"), "lib", "security",
                    "cacerts").toString());
            p.setProperty("javax.net.ssl.trustStorePassword", "changeit");
            p.setProperty("javax.net.ssl.trustStoreType", KeyStore.getDefaultType());
            // phones rarely have client certificates; "DisabledAll" would also drop our own certificate
            p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
            // jain-sip's defaults are TLS 1.0-1.2 with RSA key exchange only; used for both directions
            p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", "TLSv1.3, TLSv1.2");
            p.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", String.join(" ", TLS_CIPHER_SUITES));
            p.setProperty("gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT", "10000");
        });
        return p;
    }

    SipProvider provider() {
        return provider;
    }

    SipSettings settings() {
        return settings;
    }

    /** How long the oldest received datagram has waited for one of jain-sip's parser threads. */
    long parseQueueDelayMillis() {
        return parseQueue.delayMillis();
    }

    /** A fresh branch for a request we send. */
    String newBranch() {
        return branchPrefix + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    /** True for a branch this endpoint generated: the request has passed through us already. */
    boolean isOurBranch(String branch) {
        return branch != null && branch.startsWith(branchPrefix);
    }

    /** The listening point requests over this transport leave from. */
    ListeningPoint listeningPoint(String transport) {
        return listeningPoints.stream().filter(point -> point.getTransport().equalsIgnoreCase(transport)).findFirst()
                .orElse(listeningPoints.get(0));
    }

    @Override
    public void close() {
        try {
            for (ListeningPoint point : listeningPoints) {
                try {
                    provider.removeListeningPoint(point);
                } catch (Exception e) {
                    LOG.debug("sip: removing listening point failed", e);
                }
                try {
                    stack.deleteListeningPoint(point);
                } catch (Exception e) {
                    LOG.debug("sip: deleting listening point failed", e);
                }
            }
            stack.deleteSipProvider(provider);
        } catch (Exception e) {
            LOG.debug("sip: deleting provider failed", e);
        } finally {
            stack.stop();
        }
    }
}
