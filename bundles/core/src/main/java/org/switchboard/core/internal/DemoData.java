package org.switchboard.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.AgentRepository;
import org.switchboard.api.agent.DuplicateAgentException;
import org.switchboard.api.agent.NewAgent;
import org.switchboard.api.agent.Role;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.NumberAssignment;
import org.switchboard.api.number.NumberRepository;
import org.switchboard.api.number.NumberTarget;
import org.switchboard.api.number.RingStrategy;

/**
 * The demo agents, the {@code support} group and the main number, created on activation when
 * missing. Existing items are left alone, so an admin's changes survive restarts. The store
 * references are mandatory: when the store starts later, this simply runs later.
 */
@Component(service = {}, configurationPid = DemoData.PID)
@Designate(ocd = DemoData.Config.class)
public final class DemoData {
    static final String PID = "org.switchboard.demo";
    static final String GROUP = "support";
    static final E164 MAIN_NUMBER = E164.of("+15550100");
    private static final Duration RING_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration VOICEMAIL_AFTER = Duration.ofSeconds(20);

    @ObjectClassDefinition(name = "Switchboard demo data", description = "Demo agents, group and main number")
    public @interface Config {
        @AttributeDefinition(description = "Create the demo data when missing")
        boolean enabled() default true;

        @AttributeDefinition(description = "Password given to alice when she is created", type = AttributeType.PASSWORD)
        String alicePassword() default "alice-secret";

        @AttributeDefinition(description = "Password given to bob when he is created", type = AttributeType.PASSWORD)
        String bobPassword() default "bob-secret";

        @AttributeDefinition(description = "Password given to carol when she is created", type = AttributeType.PASSWORD)
        String carolPassword() default "carol-secret";
    }

    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

    private final AgentRepository agents;
    private final NumberRepository numbers;
    private final List<String> created = new ArrayList<>();

    @Activate
    public DemoData(
            @Reference(name = "agentRepository") AgentRepository agents,
            @Reference(name = "numberRepository") NumberRepository numbers,
            Config config) {
        this.agents = agents;
        this.numbers = numbers;
        if (!config.enabled()) {
            LOG.info("Demo data is disabled");
            return;
        }
        Optional<Agent> alice = agent("alice", "Alice Anderson", "1001", Optional.of(E164.of("+15550101")),
                Role.AGENT, config.alicePassword());
        Optional<Agent> bob = agent("bob", "Bob Brown", "1002", Optional.of(E164.of("+15550102")),
                Role.AGENT, config.bobPassword());
        agent("carol", "Carol Clark", "1003", Optional.empty(), Role.SUPERVISOR, config.carolPassword());
        alice.ifPresent(this::did);
        bob.ifPresent(this::did);
        Optional<Group> support = supportGroup(alice, bob);
        support.ifPresent(g -> number(MAIN_NUMBER, new NumberTarget.ToGroup(g.id()), "Main number"));
        LOG.info(created.isEmpty() ? "Demo data already present" : "Demo data created: " + String.join(", ", created));
    }

    /** What the last activation created, for tests and the log line. */
    List<String> created() {
        return List.copyOf(created);
    }

    private Optional<Agent> agent(String username, String name, String extension, Optional<E164> did, Role role,
            String password) {
        Optional<Agent> existing = agents.findByUsername(username);
        if (existing.isPresent()) {
            return existing;
        }
        try {
            Agent agent = agents.create(new NewAgent(username, name, extension, did, role, password.toCharArray()));
            created.add("agent " + username);
            return Optional.of(agent);
        } catch (DuplicateAgentException | IllegalArgumentException e) {
            LOG.warn("Demo agent {} not created: {}", username, e.getMessage());
            return Optional.empty();
        }
    }

    private void did(Agent agent) {
        agent.did().ifPresent(did -> number(did, new NumberTarget.ToAgent(agent.id()), agent.displayName()));
    }

    private void number(E164 number, NumberTarget target, String label) {
        if (numbers.find(number).isEmpty()) {
            numbers.assign(new NumberAssignment(number, target, label));
            created.add("number " + number);
        }
    }

    private Optional<Group> supportGroup(Optional<Agent> alice, Optional<Agent> bob) {
        Optional<Group> existing = numbers.findGroupByName(GROUP);
        if (existing.isPresent()) {
            return existing;
        }
        List<UUID> members = new ArrayList<>();
        alice.map(Agent::id).ifPresent(members::add);
        bob.map(Agent::id).ifPresent(members::add);
        Group group = numbers.saveGroup(new Group(UUID.randomUUID(), GROUP, RingStrategy.RING_ALL, members,
                RING_TIMEOUT, true, Optional.of(VOICEMAIL_AFTER)));
        created.add("group " + GROUP);
        return Optional.of(group);
    }
}
