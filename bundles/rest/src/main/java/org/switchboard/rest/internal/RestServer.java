package org.switchboard.rest.internal;

import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.jaxrs.lifecycle.ResourceProvider;
import org.apache.cxf.jaxrs.lifecycle.SingletonResourceProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.agent.AgentRepository;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.agent.AgentSettingsRepository;
import org.switchboard.api.call.CallOriginator;
import org.switchboard.api.call.CallService;
import org.switchboard.api.calllog.CallLogRepository;
import org.switchboard.api.calllog.Outbox;
import org.switchboard.api.crm.CrmConnectors;
import org.switchboard.api.health.HealthIndicator;
import org.switchboard.api.number.NumberPlan;
import org.switchboard.api.number.NumberRepository;
import org.switchboard.api.phone.PhoneLines;
import org.switchboard.api.recording.RecordingRepository;
import org.switchboard.api.recording.RecordingService;
import org.switchboard.api.session.SessionRepository;
import org.switchboard.rest.internal.auth.AuthFilter;
import org.switchboard.rest.internal.auth.Authenticator;
import org.switchboard.rest.internal.error.ApiExceptionMapper;
import org.switchboard.rest.internal.error.DomainExceptionMapper;
import org.switchboard.rest.internal.error.JsonInputExceptionMapper;
import org.switchboard.rest.internal.error.WebApplicationExceptionMapper;
import org.switchboard.rest.internal.resource.AgentResource;
import org.switchboard.rest.internal.resource.CallLogResource;
import org.switchboard.rest.internal.resource.CallResource;
import org.switchboard.rest.internal.resource.CrmResource;
import org.switchboard.rest.internal.recording.RecordingAccess;
import org.switchboard.rest.internal.recording.RecordingEvents;
import org.switchboard.rest.internal.resource.DirectoryResource;
import org.switchboard.rest.internal.resource.GreetingResource;
import org.switchboard.rest.internal.resource.RecordingResource;
import org.switchboard.rest.internal.resource.HealthResource;
import org.switchboard.rest.internal.resource.OpenApiResource;
import org.switchboard.rest.internal.resource.SessionResource;

/**
 * Publishes the JAX-RS API at {@code /api/v1} on CXF's servlet (its context is {@code /api},
 * see etc/org.apache.cxf.osgi.cfg). Mandatory services are static references, so the API comes
 * and goes with them; CRM connectors (through core's {@link CrmConnectors}) and health indicators
 * come and go on their own.
 */
@Component(service = {}, immediate = true, configurationPid = RestServer.PID)
@Designate(ocd = RestServer.Config.class)
public class RestServer {
    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);
    static final String PID = "org.switchboard.rest";
    static final String ADDRESS = "/v1";

    @ObjectClassDefinition(name = "Switchboard REST API")
    public @interface Config {
        @AttributeDefinition(description = "How long a login token stays valid, in hours")
        int sessionHours() default 12;
    }

    /** The SIP adapter's click-to-call, while it is there (sip restarts without taking REST down). */
    private final AtomicReference<CallOriginator> originator = new AtomicReference<>();
    /** The recording bundle (links, deletes, greetings), while it is there: it may be being updated. */
    private final AtomicReference<RecordingService> recordingService = new AtomicReference<>();
    /** For the heard/unheard events the inbox publishes. */
    private final AtomicReference<EventAdmin> eventAdmin = new AtomicReference<>();
    /** The webrtc bundle's phone lines, while they are there. */
    private final AtomicReference<PhoneLines> phoneLines = new AtomicReference<>();
    private final Map<HealthIndicator, Boolean> healthIndicators = new ConcurrentHashMap<>();
    private final Server server;

    @Activate
    public RestServer(
            Config config,
            @Reference AgentService agents,
            @Reference AgentSettingsRepository settings,
            @Reference SessionRepository sessions,
            @Reference NumberPlan numberPlan,
            @Reference CallLogRepository callLogs,
            @Reference CallService calls,
            @Reference AgentRepository agentRepository,
            @Reference Outbox outbox,
            @Reference NumberRepository numberRepository,
            @Reference CrmConnectors crmConnectors,
            @Reference RecordingRepository recordings) {
        if (config.sessionHours() < 1) {
            LOG.error("etc/org.switchboard.rest.cfg is invalid: sessionHours must be at least 1 (is {}); "
                    + "the REST API stays down until it is fixed", config.sessionHours());
            throw new IllegalArgumentException("sessionHours must be at least 1");
        }
        var authenticator = new Authenticator(sessions, agents, Clock.systemUTC());
        var crm = new CrmAccess(crmConnectors);
        var recordingAccess = new RecordingAccess(recordings, () -> Optional.ofNullable(recordingService.get()),
                numberRepository);
        List<Object> resources = List.of(
                new HealthResource(this::healthIndicators),
                new SessionResource(agents, sessions, numberPlan, Duration.ofHours(config.sessionHours())),
                new AgentResource(agents, settings, numberPlan),
                new DirectoryResource(agents, numberRepository, crm),
                new CrmResource(crm),
                new CallLogResource(callLogs, calls, outbox, crm),
                new CallResource(calls, numberPlan, () -> Optional.ofNullable(originator.get()),
                        () -> Optional.ofNullable(phoneLines.get()), agentRepository, crm),
                new RecordingResource(recordingAccess,
                        new RecordingEvents(() -> Optional.ofNullable(eventAdmin.get()))),
                new GreetingResource(recordingAccess),
                new OpenApiResource());
        this.server = start(resources, providers(authenticator));
        LOG.info("REST API published at /api{}", ADDRESS);
    }

    /** JSON, authentication and the error mappings every resource relies on. */
    public static List<Object> providers(Authenticator authenticator) {
        return List.of(
                new JacksonJsonProvider(Json.mapper()),
                new AuthFilter(authenticator),
                new ApiExceptionMapper(),
                new WebApplicationExceptionMapper(),
                new JsonInputExceptionMapper(),
                new DomainExceptionMapper());
    }

    private static Server start(List<Object> resources, List<Object> providers) {
        var factory = new JAXRSServerFactoryBean();
        factory.setBus(BusFactory.getDefaultBus());
        factory.setAddress(ADDRESS);
        factory.setResourceProviders(resources.stream().<ResourceProvider>map(SingletonResourceProvider::new).toList());
        factory.setProviders(providers);
        return factory.create();
    }

    @Deactivate
    void deactivate() {
        server.destroy();
        LOG.info("REST API withdrawn from /api{}", ADDRESS);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setCallOriginator(CallOriginator callOriginator) {
        originator.set(callOriginator);
    }

    void unsetCallOriginator(CallOriginator callOriginator) {
        originator.compareAndSet(callOriginator, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setPhoneLines(PhoneLines lines) {
        phoneLines.set(lines);
    }

    void unsetPhoneLines(PhoneLines lines) {
        phoneLines.compareAndSet(lines, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setRecordingService(RecordingService service) {
        recordingService.set(service);
    }

    void unsetRecordingService(RecordingService service) {
        recordingService.compareAndSet(service, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEventAdmin(EventAdmin admin) {
        eventAdmin.set(admin);
    }

    void unsetEventAdmin(EventAdmin admin) {
        eventAdmin.compareAndSet(admin, null);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHealthIndicator(HealthIndicator indicator) {
        healthIndicators.put(indicator, Boolean.TRUE);
    }

    void removeHealthIndicator(HealthIndicator indicator) {
        healthIndicators.remove(indicator);
    }

    private Collection<HealthIndicator> healthIndicators() {
        return List.copyOf(healthIndicators.keySet());
    }
}
