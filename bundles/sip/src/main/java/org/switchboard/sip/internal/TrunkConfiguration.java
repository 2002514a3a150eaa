package org.switchboard.sip.internal;

import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trunk per factory configuration ({@code etc/org.switchboard.sip.trunk-<name>.cfg}). It puts the
 * trunk into the {@link TrunkRegistry} and registers no service of its own: DS would copy the
 * configuration, password included, into the service properties.
 */
@Component(service = {}, configurationPid = TrunkConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TrunkConfiguration.Config.class, factory = true)
public final class TrunkConfiguration {
    static final String PID = "org.switchboard.sip.trunk";
    private static final Logger LOG = LoggerFactory.getLogger(TrunkConfiguration.class);
    private static final List<String> TRANSPORTS = List.of("UDP", "TCP", "TLS");

    @ObjectClassDefinition(name = "Switchboard SIP trunk", description = "A carrier connection.")
    public @interface Config {
        @AttributeDefinition(description = "Trunk name, used by the number plan (e.g. pstn).")
        String name();

        @AttributeDefinition(description = "Carrier host name or address.")
        String host();

        int port() default 5060;

        @AttributeDefinition(description = "UDP, TCP or TLS.")
        String transport() default "UDP";

        @AttributeDefinition(description = "Addresses (a.b.c.d, a.b.c.d/nn, a.b.c.d:port) whose requests are this"
                + " trunk's and need no authentication. Empty: the host, any port.")
        String[] inbound() default {};

        @AttributeDefinition(description = "REGISTER towards the carrier with username/password.")
        boolean register() default false;

        String username() default "";

        @AttributeDefinition(type = AttributeType.PASSWORD)
        String password() default "";

        @AttributeDefinition(description = "The carrier's realm; empty answers the realm it challenges with.")
        String realm() default "";

        @AttributeDefinition(description = "Expires asked for in our REGISTER to the carrier (seconds).")
        int registerExpires() default 600;
    }

    private final TrunkRegistry registry;
    private final Trunk trunk;

    @Activate
    public TrunkConfiguration(@Reference TrunkRegistry registry, Config config) {
        this.registry = registry;
        try {
            this.trunk = from(config);
        } catch (IllegalArgumentException | UnknownHostException e) {
            LOG.error("sip: trunk configuration {} is invalid: {}", config.name(), e.getMessage());
            throw new IllegalStateException("invalid trunk " + config.name() + ": " + e.getMessage(), e);
        }
        registry.put(trunk);
        LOG.info("sip: trunk {} configured: {} {}, inbound from {}{}", trunk.name(), trunk.transport(), trunk.peer(),
                trunk.inbound(), trunk.register() ? ", registering as " + trunk.username() : "");
    }

    @Deactivate
    void deactivate() {
        registry.remove(trunk);
        LOG.info("sip: trunk {} removed", trunk.name());
    }

    static Trunk from(Config config) throws UnknownHostException {
        String name = require(config.name(), "name");
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("name must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        String host = require(config.host(), "host");
        if (config.port() < 1 || config.port() > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535");
        }
        String transport = config.transport().trim().toUpperCase(Locale.ROOT);
        if (!TRANSPORTS.contains(transport)) {
            throw new IllegalArgumentException("transport must be UDP, TCP or TLS, was " + config.transport());
        }
        List<String> inbound = Arrays.stream(config.inbound()).flatMap(entry -> Arrays.stream(entry.split(",")))
                .map(String::trim).filter(entry -> !entry.isEmpty()).toList();
        List<AddressMatch> matches = AddressMatch.parseAll(inbound.isEmpty() ? List.of(host) : inbound);
        if (config.register()) {
            require(config.username(), "username (register=true)");
            require(config.password(), "password (register=true)");
            if (config.registerExpires() < 60) {
                throw new IllegalArgumentException("registerExpires must be at least 60");
            }
        }
        Optional<String> realm = Optional.of(config.realm().trim()).filter(r -> !r.isEmpty());
        return new Trunk(name, host, config.port(), transport, matches, config.register(), config.username().trim(),
                config.password(), realm, config.registerExpires());
    }

    private static String require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
        return value.trim();
    }
}
