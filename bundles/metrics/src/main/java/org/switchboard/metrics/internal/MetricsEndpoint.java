package org.switchboard.metrics.internal;

import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import javax.servlet.Servlet;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.call.CallService;
import org.switchboard.api.calllog.Outbox;
import org.switchboard.api.event.EventStreams;
import org.switchboard.api.health.HealthIndicator;
import org.switchboard.api.media.MediaQuality;
import org.switchboard.api.registration.RegistrationRepository;
import org.switchboard.api.trunk.Trunks;

/**
 * Serves {@code /metrics} on the HTTP whiteboard: every Switchboard metric and the JVM's, access
 * limited by {@code etc/org.switchboard.metrics.cfg} (localhost only by default, a bearer token
 * when one is set).
 *
 * <p>The servlet is registered by hand, not as this component's service, so the configuration
 * (the token) never becomes a service property anyone can list, and a change of it applies
 * without the servlet leaving the whiteboard. Every service read is optional and dynamic, so
 * this bundle can be stopped, updated and started under live calls, and a bundle being updated
 * only drops its own metrics meanwhile.
 */
// no service: the configuration (the token) must not become service properties
@Component(service = {}, immediate = true, configurationPid = MetricsEndpoint.PID)
@Designate(ocd = MetricsEndpoint.Config.class)
public final class MetricsEndpoint implements Sources {
    static final String PID = "org.switchboard.metrics";
    static final String PATH = "/metrics";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

    @ObjectClassDefinition(name = "Switchboard metrics", description = "Who may scrape /metrics")
    public @interface Config {
        @AttributeDefinition(description = "Only clients on this machine (loopback) may scrape; others get 403")
        boolean localhostOnly() default true;

        @AttributeDefinition(type = AttributeType.PASSWORD,
                description = "When set, every scrape must send 'Authorization: Bearer <token>'; others get 401")
        String token() default "";
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile CallService calls;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile AgentService agents;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile RegistrationRepository registrations;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Trunks trunks;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Outbox outbox;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile MediaQuality media;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventStreams streams;
    /** Replaced as a whole by DS whenever an indicator comes or goes. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<HealthIndicator> health = List.of();

    private final MetricsServlet servlet;
    private final ServiceRegistration<Servlet> registration;

    @Activate
    public MetricsEndpoint(BundleContext context, @Reference CallMetrics callMetrics, Config config) {
        PrometheusRegistry registry = new PrometheusRegistry();
        callMetrics.registerWith(registry);
        new StateGauges(this, callMetrics, Clock.systemUTC()).registerWith(registry);
        registerJvmMetrics(registry);
        servlet = new MetricsServlet(registry, access(config));
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.pattern", PATH);
        properties.put("osgi.http.whiteboard.servlet.name", "switchboard-metrics");
        registration = context.registerService(Servlet.class, servlet, properties);
    }

    @Modified
    void modified(Config config) {
        servlet.access(access(config));
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }

    private static ScrapeAccess access(Config config) {
        ScrapeAccess access = new ScrapeAccess(config.localhostOnly(), config.token());
        // the token itself is never logged
        LOG.info("metrics at {}: {}{}", PATH, access.localhostOnly() ? "localhost only" : "any address",
                access.tokenRequired() ? ", bearer token required" : "");
        return access;
    }

    /**
     * The client library's standard JVM collectors, except the memory-pool allocation one: it adds
     * GC notification listeners that cannot be removed, which would pile up with every update of
     * this bundle.
     */
    static void registerJvmMetrics(PrometheusRegistry registry) {
        JvmThreadsMetrics.builder().register(registry);
        JvmBufferPoolMetrics.builder().register(registry);
        JvmClassLoadingMetrics.builder().register(registry);
        JvmCompilationMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmMemoryMetrics.builder().register(registry);
        JvmRuntimeInfoMetric.builder().register(registry);
        ProcessMetrics.builder().register(registry);
    }

    // --- Sources: the services read at scrape time, all optional and dynamic ----------------

    @Override
    public Optional<CallService> calls() {
        return Optional.ofNullable(calls);
    }

    @Override
    public Optional<AgentService> agents() {
        return Optional.ofNullable(agents);
    }

    @Override
    public Optional<RegistrationRepository> registrations() {
        return Optional.ofNullable(registrations);
    }

    @Override
    public Optional<Trunks> trunks() {
        return Optional.ofNullable(trunks);
    }

    @Override
    public Optional<Outbox> outbox() {
        return Optional.ofNullable(outbox);
    }

    @Override
    public Optional<MediaQuality> media() {
        return Optional.ofNullable(media);
    }

    @Override
    public Optional<EventStreams> streams() {
        return Optional.ofNullable(streams);
    }

    @Override
    public List<HealthIndicator> health() {
        return health;
    }
}
