package org.switchboard.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.AgentRepository;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.NumberAssignment;
import org.switchboard.api.number.NumberPlan;
import org.switchboard.api.number.NumberRepository;
import org.switchboard.api.number.NumberTarget;
import org.switchboard.api.number.Route;

/** Routes dialed strings to extensions, owned numbers (agents and groups) or the outbound trunk. */
// immediate: keeps the round-robin position of every group
@Component(service = NumberPlan.class, configurationPid = DialPlan.PID, immediate = true)
@Designate(ocd = DialPlan.Config.class)
public final class DialPlan implements NumberPlan {
    static final String PID = "org.switchboard.core.numberplan";

    @ObjectClassDefinition(name = "Switchboard number plan", description = "Outbound trunk, country and main number")
    public @interface Config {
        @AttributeDefinition(description = "Trunk that carries calls to outside numbers")
        String outboundTrunk() default "pstn";

        @AttributeDefinition(description = "Country code added to 10-digit national numbers (1 = NANP)")
        String defaultCountryCode() default "1";

        @AttributeDefinition(description = "The company's main number in E.164 form, offered as caller ID to every agent")
        String mainNumber() default "+15550100";

        @AttributeDefinition(description = "Numbers (E.164) and extensions whose every call is recorded, comma separated;"
                + " groups have their own autoRecord")
        String recordedNumbers() default "";
    }

    private record Settings(String trunk, String countryCode, Optional<E164> mainNumber, Set<String> recorded) {}

    private static final Logger LOG = LoggerFactory.getLogger(DialPlan.class);

    private final AgentRepository agents;
    private final NumberRepository numbers;
    private final AgentService agentService;
    private final GroupOffers offers = new GroupOffers();
    private volatile Settings settings;

    @Activate
    public DialPlan(
            @Reference(name = "agentRepository") AgentRepository agents,
            @Reference(name = "numberRepository") NumberRepository numbers,
            @Reference(name = "agentService") AgentService agentService,
            Config config) {
        this.agents = agents;
        this.numbers = numbers;
        this.agentService = agentService;
        modified(config);
    }

    @Modified
    void modified(Config config) {
        Optional<E164> main = Optional.empty();
        if (E164.isValid(config.mainNumber())) {
            main = Optional.of(E164.of(config.mainNumber()));
        } else {
            LOG.warn("Number plan: mainNumber '{}' is not an E.164 number; agents get no main caller ID", config.mainNumber());
        }
        String countryCode = config.defaultCountryCode().replace("+", "");
        Set<String> recorded = Arrays.stream(config.recordedNumbers().split(",")).map(String::trim)
                .filter(n -> !n.isEmpty()).map(n -> normalized(n, countryCode)).collect(Collectors.toUnmodifiableSet());
        settings = new Settings(config.outboundTrunk(), countryCode, main, recorded);
    }

    @Override
    public boolean recordsEveryCall(String dialed) {
        Settings s = settings;
        return !s.recorded().isEmpty() && s.recorded().contains(normalized(dialed, s.countryCode()));
    }

    /** An extension as its digits, anything else in E.164 form when it can be. */
    private static String normalized(String dialed, String countryCode) {
        DialedNumber number = DialedNumber.of(dialed);
        if (number.looksLikeExtension()) {
            return number.digits();
        }
        return number.toE164(countryCode).map(E164::value).orElse(number.digits());
    }

    @Override
    public Route route(String dialed) {
        DialedNumber number = DialedNumber.of(dialed);
        if (number.isEmpty()) {
            return new Route.Unroutable("nothing was dialed");
        }
        if (number.looksLikeExtension()) {
            Optional<Agent> agent = agents.findByExtension(number.digits());
            if (agent.isPresent()) {
                return toAgent(agent.get());
            }
        }
        Settings s = settings;
        Optional<E164> e164 = number.toE164(s.countryCode());
        if (e164.isEmpty()) {
            return new Route.Unroutable("'" + number.digits() + "' is neither an extension nor a dialable number");
        }
        Optional<NumberAssignment> owned = numbers.find(e164.get());
        if (owned.isPresent()) {
            return toTarget(owned.get());
        }
        Optional<Agent> didOwner = agents.list().stream().filter(a -> a.did().equals(e164)).findFirst();
        return didOwner.map(this::toAgent).orElseGet(() -> new Route.ToTrunk(s.trunk(), e164.get()));
    }

    @Override
    public List<E164> callerIdsFor(UUID agentId) {
        Optional<Agent> agent = agents.findById(agentId);
        if (agent.isEmpty()) {
            return List.of();
        }
        List<E164> ids = new ArrayList<>();
        agent.get().did().or(() -> assignedTo(agentId)).ifPresent(ids::add);
        settings.mainNumber().filter(main -> !ids.contains(main)).ifPresent(ids::add);
        return List.copyOf(ids);
    }

    private Optional<E164> assignedTo(UUID agentId) {
        return numbers.numbers().stream()
                .filter(n -> n.target() instanceof NumberTarget.ToAgent a && a.agentId().equals(agentId))
                .map(NumberAssignment::number)
                .findFirst();
    }

    private Route toTarget(NumberAssignment assignment) {
        if (assignment.target() instanceof NumberTarget.ToAgent a) {
            return agents.findById(a.agentId())
                    .map(this::toAgent)
                    .orElseGet(() -> new Route.Unroutable(assignment.number() + " points to an agent that no longer exists"));
        }
        UUID groupId = ((NumberTarget.ToGroup) assignment.target()).groupId();
        return numbers.findGroup(groupId)
                .<Route>map(g -> new Route.ToGroup(g, offers.offerOrder(g, agentService::find)))
                .orElseGet(() -> new Route.Unroutable(assignment.number() + " points to a group that no longer exists"));
    }

    private Route toAgent(Agent agent) {
        return agent.enabled()
                ? new Route.ToAgent(agent)
                : new Route.Unroutable("agent " + agent.username() + " is disabled");
    }
}
