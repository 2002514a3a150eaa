package org.switchboard.sip.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.message.Request;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.call.CallOriginator;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.LegDriver;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.health.Health;
import org.switchboard.api.health.HealthIndicator;
import org.switchboard.api.media.MediaService;
import org.switchboard.api.number.NumberPlan;
import org.switchboard.api.number.NumberRepository;
import org.switchboard.api.recording.RecordingRepository;
import org.switchboard.api.registration.RegistrationRepository;
import org.switchboard.api.registration.SipCredentialRepository;
import org.switchboard.api.trunk.TrunkStatus;
import org.switchboard.api.trunk.Trunks;

/**
 * The SIP server: starts the stack on the configured address, routes requests to the method handlers
 * (registrar, OPTIONS, message-summary SUBSCRIBE, and the refusals of what is not implemented yet), keeps
 * trunks registered, lights message-waiting lamps on voicemail events and purges expired registrations. Its health indicator is registered by hand, not by DS: DS would copy
 * the configuration, keystore password included, into the service properties. A stack that cannot
 * start (port taken…) leaves the component active with health DOWN and the reason, and tries again
 * every {@link #LISTEN_RETRY}: a port still held by a process that is stopping is free moments later.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=org.switchboard.api.health.HealthIndicator")
@Component(service = {}, configurationPid = SipServer.PID, immediate = true)
@Designate(ocd = SipServer.Config.class)
public final class SipServer implements HealthIndicator {
    static final String PID = "org.switchboard.sip";
    private static final Logger LOG = LoggerFactory.getLogger(SipServer.class);
    private static final Duration PURGE_INTERVAL = Duration.ofSeconds(60);
    /** How soon a stack that could not listen tries again. */
    static final Duration LISTEN_RETRY = Duration.ofSeconds(2);

    @ObjectClassDefinition(name = "Switchboard SIP", description = "SIP listening points, registrar and digest authentication.")
    public @interface Config {
        @AttributeDefinition(description = "Address the UDP, TCP and TLS listening points bind to.")
        String bindAddress() default "127.0.0.1";

        @AttributeDefinition(description = "UDP and TCP port.")
        int port() default 5060;

        @AttributeDefinition(description = "TLS port, used only when keystore and keystorePassword are set.")
        int tlsPort() default 5061;

        @AttributeDefinition(description = "Keystore with the server certificate for TLS; empty = no TLS.")
        String keystore() default "";

        @AttributeDefinition(type = AttributeType.PASSWORD)
        String keystorePassword() default "";

        String keystoreType() default "PKCS12";

        @AttributeDefinition(description = "SIP domain of the agents' AORs (sip:alice@<domain>).")
        String domain() default "switchboard.local";

        @AttributeDefinition(description = "How long a digest nonce is accepted before the client must retry (stale=true).")
        int nonceValiditySeconds() default 300;

        @AttributeDefinition(description = "Failed authentications per source address within a minute before it is blocked.")
        int maxFailedAuthsPerAddress() default 10;

        @AttributeDefinition(description = "How long a blocked address is ignored.")
        int blockSeconds() default 300;

        @AttributeDefinition(description = "Shortest registration accepted (shorter gets 423).")
        int minExpires() default 60;

        @AttributeDefinition(description = "Longest registration granted (longer is capped).")
        int maxExpires() default 3600;

        @AttributeDefinition(description = "Digest algorithms offered, most preferred first (SHA-256, MD5).")
        String digestAlgorithms() default "SHA-256,MD5";

        @AttributeDefinition(description = "User-Agents (Java regex) challenged with MD5 only, because they give up"
                + " when SHA-256 is offered at all (baresip 1.0 / libre). Empty: none.")
        String md5OnlyUserAgents() default "(?i)baresip.*";

        int maxContactsPerAgent() default 10;

        @AttributeDefinition(description = "Threads that run request handlers, responses, timeouts and the B2BUA's"
                + " work; 0 = one per processor, at least 2.")
        int workerThreads() default 0;

        @AttributeDefinition(description = "Route calls through the B2BUA; off = registrar only (INVITEs get 501).")
        boolean b2bua() default false;

        @AttributeDefinition(description = "How long callees ring before the call gives up (groups use their own).")
        int ringTimeoutSeconds() default 30;

        @AttributeDefinition(description = "RFC 4028 session interval, in seconds, that we offer on the legs we dial and"
                + " grant to callers that ask for timers without naming one (1800 = 30 min; at least"
                + " minSessionExpiresSeconds). A leg not refreshed in time ends the call (SESSION_EXPIRED).")
        int sessionExpiresSeconds() default 1800;

        @AttributeDefinition(description = "Our Min-SE: a shorter Session-Expires is refused with 422 (RFC 4028 says at"
                + " least 90; lower values are for tests).")
        int minSessionExpiresSeconds() default 90;

        @AttributeDefinition(description = "Also send message-waiting NOTIFYs to registered phones that did not"
                + " subscribe to message-summary (unsolicited MWI, which many desk phones expect).")
        boolean mwiUnsolicited() default true;

        @AttributeDefinition(description = "Overload: new calls per second admitted (token bucket); more get 503 with"
                + " Retry-After. 0 = no fixed rate: the work-queue delay below decides.")
        int maxCallsPerSecond() default 0;

        @AttributeDefinition(description = "Overload: new calls get 503 with Retry-After while the SIP workers are this"
                + " far behind (ms); new requests from phones already at half of it, so trunks come first.")
        int maxQueueDelayMillis() default 200;

        @AttributeDefinition(description = "Overload: calls up at once before new ones get 503. 0 = no limit (media"
                + " ports still bound them: a call without a free port gets 503).")
        int maxConcurrentCalls() default 0;

        @AttributeDefinition(description = "Flood guard: INVITEs without credentials per second from one non-trunk"
                + " address before it is ignored for blockSeconds. 0 = off.")
        int maxUnauthenticatedInvitesPerSecond() default 20;

        @AttributeDefinition(description = "Retry-After of an overload 503: this many seconds up to twice as many.")
        int retryAfterSeconds() default 2;
    }

    private final SipSettings settings;
    private final RegistrationRepository registrations;
    private final TrunkRegistry trunks;
    private final Clock clock;
    private final SipWorkers workers;
    private final Admission admission;
    private final ScheduledExecutorService timer;
    private final AuthFailures failures;
    private final NonceCounts nonceCounts = new NonceCounts();
    private final EndpointOpener opener;
    private volatile SipEndpoint endpoint;
    private volatile String startFailure = "not started";
    private volatile TrunkRegistrations trunkRegistrations;
    /** Guarded by this: no stack opens after close. */
    private boolean closed;
    private final CallServices callServices;
    private final B2bua b2bua;
    private final Mailboxes mailboxes = new Mailboxes();
    private final MwiSubscriptions mwiSubscriptions = new MwiSubscriptions();
    private final MessageWaiting messageWaiting;
    private volatile ServiceRegistration<HealthIndicator> health;
    private final List<ServiceRegistration<?>> services = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Activate
    public SipServer(BundleContext context, Config config, @Reference RegistrationRepository registrations,
            @Reference SipCredentialRepository credentials, @Reference TrunkRegistry trunks) {
        this(validated(config), registrations, credentials, trunks, new CallServices(), Clock.systemUTC());
        this.health = context.registerService(HealthIndicator.class, this, null);
        services.add(context.registerService(Trunks.class, this::trunkStatuses, null));
        if (b2bua != null) {
            services.add(context.registerService(LegDriver.class, b2bua, legKind(LegKind.SIP)));
            services.add(context.registerService(CallOriginator.class, b2bua, null));
        }
        services.add(context.registerService(EventHandler.class, voicemailEvents(),
                voicemailTopics()));
    }

    private static Hashtable<String, Object> voicemailTopics() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, VoicemailEvents.TOPICS);
        properties.put(EventConstants.EVENT_FILTER, VoicemailEvents.FILTER);
        return properties;
    }

    private static Hashtable<String, Object> legKind(LegKind kind) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(LegDriver.KIND_PROPERTY, kind.name());
        return properties;
    }

    SipServer(SipSettings settings, RegistrationRepository registrations, SipCredentialRepository credentials,
            TrunkRegistry trunks, Clock clock) {
        this(settings, registrations, credentials, trunks, new CallServices(), clock);
    }

    SipServer(SipSettings settings, RegistrationRepository registrations, SipCredentialRepository credentials,
            TrunkRegistry trunks, CallServices callServices, Clock clock) {
        this.callServices = callServices;
        this.settings = settings;
        this.registrations = registrations;
        this.trunks = trunks;
        this.clock = clock;
        this.workers = new SipWorkers(settings.workerThreads(), named("switchboard-sip-worker"));
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, named("switchboard-sip-timer"));
        // every leg arms ring and session timers (minutes ahead) that are cancelled when it ends: drop them at
        // once, or a busy hour keeps millions of cancelled tasks in the queue
        timer.setRemoveOnCancelPolicy(true);
        this.timer = timer;
        this.failures = new AuthFailures(settings.maxFailedAuthsPerAddress(), settings.block(), clock);
        DigestAuthenticator authenticator = new DigestAuthenticator(credentials,
                new Nonces(settings.nonceValidity(), clock), nonceCounts, settings.digestAlgorithms());
        DigestGuard guard = new DigestGuard(authenticator, failures, settings.block(), settings.md5OnlyUserAgents(), clock);
        String realm = credentials.realm();
        Registrar registrar = new Registrar(registrations, settings.expiry(), settings.maxContactsPerAgent());
        RequestRouter[] router = new RequestRouter[1];
        this.messageWaiting = new MessageWaiting(mailboxes, callServices, registrations, mwiSubscriptions,
                () -> endpoint, settings.domain(), settings.mwiUnsolicited(), workers, timer, clock);
        List<RequestHandler> handlers = new ArrayList<>(List.of(
                new RegisterHandler(registrar, guard, realm, settings.domain(), clock),
                new OptionsHandler(() -> router[0].allowedMethods()),
                new SubscribeHandler(guard, realm, settings.domain(), settings.expiry(),
                        settings.maxContactsPerAgent(), mwiSubscriptions,
                        messageWaiting, timer, clock)));
        if (settings.b2bua()) {
            this.b2bua = new B2bua(callServices, registrations, trunks, guard, realm, settings.domain(),
                    settings.ringTimeout(), settings.sessionTimers(), () -> endpoint, workers, timer, clock);
            handlers.add(new CallHandler(Request.INVITE, b2bua::invite));
            handlers.add(new CallHandler(Request.BYE, b2bua::bye));
            handlers.add(new CallHandler(Request.CANCEL, b2bua::cancel));
            handlers.add(new CallHandler(Request.REFER, b2bua::refer));
            handlers.add(new CallHandler(Request.UPDATE, b2bua::update));
            handlers.add(new CallHandler(Request.ACK, b2bua::ack));
        } else {
            this.b2bua = null;
            handlers.addAll(List.of(new InviteHandler(guard, realm), new AckHandler(),
                    new NoTransactionHandler(Request.BYE), new NoTransactionHandler(Request.CANCEL)));
        }
        SipLegs live = b2bua == null ? null : b2bua.legs();
        // a backlog waits for jain-sip's parser threads first, then for our workers: admission sees both
        this.admission = new Admission(settings.overload(),
                () -> Math.max(workers.queueDelayMillis(), parseQueueDelayMillis()),
                () -> live == null ? 0 : live.calls(), failures, clock);
        RecentVerdicts verdicts = new RecentVerdicts(System::currentTimeMillis);
        router[0] = new RequestRouter(handlers, workers, admission, verdicts, trunks, () -> endpoint);
        if (b2bua != null) {
            router[0].onStrayResponse(b2bua::strayResponse);
            router[0].onAckTimeout(b2bua::ackNeverCame);
        }
        BadMessageLog badMessages = new BadMessageLog(clock);
        GuardedParserFactory parsers = new GuardedParserFactory(SipEndpoint.MAX_MESSAGE_SIZE, badMessages);
        BlockValve valve = new BlockValve(failures, trunks, SipEndpoint.MAX_MESSAGE_SIZE, badMessages);
        this.opener = () -> {
            SipEndpoint opened = new SipEndpoint(settings, router[0], parsers, valve,
                    new EarlyRefusal(admission, verdicts, trunks));
            LOG.info("sip: listening on {} (domain {}, realm {}, digest {})", settings.describe(), settings.domain(),
                    realm, settings.digestAlgorithms().stream().map(DigestAlgorithm::token).toList());
            return opened;
        };
        timer.scheduleWithFixedDelay(this::purge, PURGE_INTERVAL.toMillis(), PURGE_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        listen();
    }

    /** Opens the listening points; while they cannot open, health says why and the timer tries again. */
    private synchronized void listen() {
        if (closed) {
            return;
        }
        try {
            SipEndpoint opened = opener.open();
            TrunkRegistrations registering = new TrunkRegistrations(opened, timer, clock);
            this.trunkRegistrations = registering;
            this.endpoint = opened;
            trunks.addListener(registering);
        } catch (Exception | LinkageError e) {
            String failure = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!failure.equals(startFailure)) {
                LOG.error("sip: cannot listen on {}: {} (trying again every {} s)", settings.describe(), failure,
                        LISTEN_RETRY.toSeconds());
            }
            this.startFailure = failure;
            timer.schedule(this::listen, LISTEN_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private long parseQueueDelayMillis() {
        SipEndpoint listening = endpoint;
        return listening == null ? 0 : listening.parseQueueDelayMillis();
    }

    @FunctionalInterface
    private interface EndpointOpener {
        SipEndpoint open() throws Exception;
    }

    private static SipSettings validated(Config config) {
        try {
            return SipSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("sip: etc/{}.cfg is invalid: {}", PID, e.getMessage());
            throw e;
        }
    }

    @Deactivate
    void deactivate() {
        services.forEach(ServiceRegistration::unregister);
        services.clear();
        ServiceRegistration<HealthIndicator> registration = health;
        if (registration != null) {
            registration.unregister();
        }
        close();
    }

    @Reference(name = "calls", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindCalls(CallService calls) {
        callServices.set(calls);
    }

    void unbindCalls(CallService calls) {
        callServices.unset(calls);
    }

    @Reference(name = "media", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindMedia(MediaService media) {
        callServices.set(media);
    }

    void unbindMedia(MediaService media) {
        callServices.unset(media);
    }

    @Reference(name = "numberPlan", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindNumberPlan(NumberPlan plan) {
        callServices.set(plan);
    }

    void unbindNumberPlan(NumberPlan plan) {
        callServices.unset(plan);
    }

    @Reference(name = "agents", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindAgents(AgentService agents) {
        callServices.set(agents);
    }

    void unbindAgents(AgentService agents) {
        callServices.unset(agents);
    }

    @Reference(name = "recordings", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindRecordings(RecordingRepository recordings) {
        mailboxes.set(recordings);
        messageWaiting.refreshAll();
    }

    void unbindRecordings(RecordingRepository recordings) {
        mailboxes.unset(recordings);
    }

    @Reference(name = "numbers", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindNumbers(NumberRepository numbers) {
        mailboxes.set(numbers);
    }

    void unbindNumbers(NumberRepository numbers) {
        mailboxes.unset(numbers);
    }

    /** Voicemail events in, message-waiting NOTIFYs out: registered by hand as an EventHandler, like health. */
    EventHandler voicemailEvents() {
        return new VoicemailEvents(messageWaiting);
    }

    /** For tests: the live message-summary subscriptions. */
    List<MwiSubscription> mwiSubscriptions() {
        return mwiSubscriptions.all();
    }

    /** The B2BUA, when {@code b2bua=true}. */
    Optional<B2bua> b2bua() {
        return Optional.ofNullable(b2bua);
    }

    void close() {
        synchronized (this) {
            closed = true;
        }
        TrunkRegistrations registering = trunkRegistrations;
        if (registering != null) {
            trunks.removeListener(registering);
            registering.close();
        }
        mwiSubscriptions.clear();
        timer.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        SipEndpoint listening = endpoint;
        if (listening != null) {
            listening.close();
            LOG.info("sip: stopped listening on {}", settings.describe());
        }
    }

    @Override
    public String name() {
        return "sip";
    }

    @Override
    public Health check() {
        if (endpoint == null) {
            return Health.down("cannot listen on " + settings.describe() + ": " + startFailure);
        }
        try {
            int count = registrations.allActive(clock.instant()).size();
            return Health.up(settings.describe() + ", " + count + (count == 1 ? " registration" : " registrations"));
        } catch (RuntimeException e) {
            return Health.up(settings.describe() + ", registrations unknown (" + e.getMessage() + ")");
        }
    }

    /** The configured trunks with their registration state and live calls, for {@code sb:trunks}. */
    List<TrunkStatus> trunkStatuses() {
        return trunks.all().stream().map(trunk -> {
            Optional<TrunkRegistration.Status> status = trunkStatus(trunk.name());
            return new TrunkStatus(trunk.name(), trunk.peer(), trunk.transport(), trunk.register(),
                    status.map(TrunkRegistration.Status::registered).orElse(false),
                    status.flatMap(TrunkRegistration.Status::until), status.map(TrunkRegistration.Status::detail).orElse(""),
                    b2bua == null ? 0 : b2bua.callsThrough(trunk.name()));
        }).toList();
    }

    /** For tests: the trunk's registration at its carrier, if it registers. */
    Optional<TrunkRegistration.Status> trunkStatus(String trunkName) {
        TrunkRegistrations registering = trunkRegistrations;
        return registering == null ? Optional.empty() : registering.status(trunkName);
    }

    boolean isBlocked(java.net.InetAddress address) {
        return failures.isBlocked(address);
    }

    /** Every minute: expired registrations, nonce counts and quiet addresses go. */
    void purge() {
        Instant now = clock.instant();
        try {
            int purged = registrations.purgeExpired(now);
            if (purged > 0) {
                LOG.info("sip: {} expired registrations removed", purged);
            }
        } catch (RuntimeException e) {
            LOG.warn("sip: purging expired registrations failed: {}", e.getMessage());
        }
        nonceCounts.purge(now);
        failures.purge();
        long refused = admission.takeRefused();
        if (refused > 0) {
            LOG.warn("sip: overloaded: {} new calls or requests refused with 503 in the last {} s", refused,
                    PURGE_INTERVAL.toSeconds());
        }
    }

    private static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
