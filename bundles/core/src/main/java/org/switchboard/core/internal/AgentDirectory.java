package org.switchboard.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.AgentRepository;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.agent.AgentStatus;
import org.switchboard.api.agent.AuthResult;
import org.switchboard.api.agent.NewAgent;
import org.switchboard.api.agent.Presence;
import org.switchboard.api.event.EventProperties;
import org.switchboard.api.event.Topics;
import org.switchboard.api.login.LoginThrottle;

/**
 * Agents with live presence: identity and credentials from the store, presence in memory,
 * driven by the agents themselves and by call events.
 */
@Component(
        service = {AgentService.class, EventHandler.class},
        immediate = true, // presence is live state
        configurationPid = AgentDirectory.PID,
        property = EventConstants.EVENT_TOPIC + "=" + Topics.CALL_ALL)
@Designate(ocd = AgentDirectory.Config.class)
public final class AgentDirectory implements AgentService, EventHandler {
    static final String PID = "org.switchboard.core.agents";

    @ObjectClassDefinition(name = "Switchboard agents", description = "Login lockout and wrap-up time")
    public @interface Config {
        @AttributeDefinition(description = "Failed logins in a row that lock a username")
        int maxFailedLogins() default 5;

        @AttributeDefinition(description = "How long a locked username stays locked, in seconds")
        int lockoutSeconds() default 300;

        @AttributeDefinition(description = "Seconds an agent stays in WRAP_UP after a call; 0 = straight back")
        int wrapUpSeconds() default 0;
    }

    private static final Logger LOG = LoggerFactory.getLogger(AgentDirectory.class);

    private final AgentRepository agents;
    private final LoginThrottle throttle;
    private final PresenceBoard board;
    private final EventSink events = EventSink.immediate();
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private ScheduledFuture<?> wrapUpTimer;

    @Activate
    public AgentDirectory(@Reference(name = "agentRepository") AgentRepository agents, Config config) {
        this(agents, config, Clock.systemUTC());
    }

    AgentDirectory(AgentRepository agents, Config config, Clock clock) {
        this.agents = agents;
        this.clock = clock;
        this.throttle = new LoginThrottle(clock, config.maxFailedLogins(), Duration.ofSeconds(config.lockoutSeconds()));
        this.board = new PresenceBoard(clock, Duration.ofSeconds(config.wrapUpSeconds()));
        ScheduledThreadPoolExecutor wrapUps = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "switchboard-wrap-up"));
        wrapUps.setRemoveOnCancelPolicy(true); // a replaced timer leaves the queue now, not when it was due
        this.timer = wrapUps;
    }

    @Modified
    void modified(Config config) {
        throttle.configure(config.maxFailedLogins(), Duration.ofSeconds(config.lockoutSeconds()));
        board.wrapUp(Duration.ofSeconds(config.wrapUpSeconds()));
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEventAdmin(EventAdmin eventAdmin) {
        events.bind(eventAdmin);
    }

    void unsetEventAdmin(EventAdmin eventAdmin) {
        events.unbind(eventAdmin);
    }

    @Override
    public AuthResult authenticate(String username, char[] password) {
        String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        Optional<Instant> locked = throttle.lockedUntil(name);
        if (locked.isPresent()) {
            return new AuthResult.Locked(locked.get());
        }
        Optional<Agent> agent = agents.findByUsername(name)
                .filter(Agent::enabled)
                .filter(a -> password != null && agents.verifyPassword(a.id(), password));
        if (agent.isPresent()) {
            throttle.succeeded(name);
            return new AuthResult.Success(agent.get());
        }
        Optional<Instant> lockedNow = throttle.failed(name);
        if (lockedNow.isPresent()) {
            LOG.warn("Login locked for username '{}' until {} after too many failed attempts",
                    name.replaceAll("\\p{Cntrl}", "?"), lockedNow.get());
        }
        // the failure that reaches the limit is still answered as a wrong password; the lock
        // applies from the next attempt on
        return new AuthResult.Invalid();
    }

    @Override
    public List<AgentStatus> list() {
        return agents.list().stream().map(this::status).toList();
    }

    @Override
    public Optional<AgentStatus> find(UUID agentId) {
        return agents.findById(agentId).map(this::status);
    }

    @Override
    public Optional<AgentStatus> findByUsername(String username) {
        return username == null
                ? Optional.empty()
                : agents.findByUsername(username.trim().toLowerCase(Locale.ROOT)).map(this::status);
    }

    @Override
    public AgentStatus setPresence(UUID agentId, Presence presence) {
        Agent agent = agents.findById(agentId).orElseThrow(() -> new NoSuchElementException("no agent " + agentId));
        board.choose(agentId, presence).ifPresent(this::publish);
        return status(agent);
    }

    @Override
    public Agent add(NewAgent newAgent) {
        Agent agent = agents.create(newAgent);
        LOG.info("Agent {} created (extension {}, role {})", agent.username(), agent.extension(), agent.role());
        return agent;
    }

    @Override
    public boolean changePassword(UUID agentId, char[] newPassword) {
        boolean changed = agents.setPassword(agentId, newPassword);
        if (changed) {
            LOG.info("Password changed for agent {}", agentId);
        }
        return changed;
    }

    /** Calls move connected agents to BUSY and, once their last call ends, through wrap-up. */
    @Override
    public void handleEvent(Event event) {
        Optional<UUID> callId = uuid(event.getProperty(EventProperties.CALL_ID));
        if (callId.isEmpty()) {
            return;
        }
        Set<UUID> onCall = agentIds(event.getProperty(EventProperties.AGENT_IDS));
        List<PresenceBoard.Change> changes = new ArrayList<>();
        switch (event.getTopic()) {
            case Topics.CALL_ENDED -> changes.addAll(board.left(callId.get(), Set.of()));
            case Topics.CALL_ANSWERED, Topics.CALL_TRANSFERRED -> {
                changes.addAll(board.left(callId.get(), onCall));
                changes.addAll(board.joined(callId.get(), onCall));
            }
            default -> changes.addAll(board.left(callId.get(), onCall));
        }
        changes.forEach(this::publish);
        // only a wrap-up that starts can end before the timer set now; the timer copes with ones ended early
        if (changes.stream().anyMatch(c -> c.presence() == Presence.WRAP_UP)) {
            scheduleWrapUpEnd();
        }
    }

    /** Ends wrap-ups that are due; runs on the timer, and tests call it after moving the clock. */
    void finishWrapUps() {
        board.finishWrapUps().forEach(this::publish);
        scheduleWrapUpEnd();
    }

    private synchronized void scheduleWrapUpEnd() {
        Optional<Instant> next = board.nextWrapUpEnd();
        if (next.isEmpty() || timer.isShutdown()) {
            return;
        }
        if (wrapUpTimer != null) {
            wrapUpTimer.cancel(false);
        }
        long delay = Math.max(0, Duration.between(clock.instant(), next.get()).toMillis()) + 1;
        try {
            wrapUpTimer = timer.schedule(this::finishWrapUps, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Wrap-up timer not scheduled: the component is stopping");
        }
    }

    private AgentStatus status(Agent agent) {
        PresenceBoard.Status s = board.status(agent.id());
        return new AgentStatus(agent, s.presence(), s.since(), s.lastCallEndedAt());
    }

    private void publish(PresenceBoard.Change change) {
        String username = agents.findById(change.agentId()).map(Agent::username).orElse("");
        LOG.debug("Agent {} is now {}", username, change.presence());
        events.post(Topics.AGENT_PRESENCE, Map.of(
                EventProperties.AGENT_ID, change.agentId().toString(),
                EventProperties.USERNAME, username,
                EventProperties.PRESENCE, change.presence().name(),
                EventProperties.TIMESTAMP, change.at().toEpochMilli()));
    }

    private static Optional<UUID> uuid(Object value) {
        try {
            return value instanceof String s ? Optional.of(UUID.fromString(s)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Set<UUID> agentIds(Object value) {
        if (!(value instanceof String s) || s.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(s.split(","))
                .map(String::trim)
                .map(AgentDirectory::uuid)
                .flatMap(Optional::stream)
                .collect(Collectors.toSet());
    }
}
