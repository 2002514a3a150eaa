package org.switchboard.webrtc.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the WebRTC engine ({@link PhoneLines}) with the bundle, for the agents' phones
 * ({@code phone.BrowserPhones}) in the same bundle. A configuration change restarts the engine,
 * which ends the open lines (browsers reconnect and their calls reattach).
 */
@Component(immediate = true, service = WebRtcEngine.class, configurationPid = WebRtcEngine.PID)
@Designate(ocd = WebRtcEngine.Config.class)
public final class WebRtcEngine {

    static final String PID = "org.switchboard.webrtc";

    private static final Logger LOG = LoggerFactory.getLogger(WebRtcEngine.class);

    @ObjectClassDefinition(name = "Switchboard WebRTC", description = "The browser phone line: ICE, DTLS-SRTP")
    public @interface Config {
        @AttributeDefinition(description = "The one UDP port every browser's ICE, DTLS and SRTP use")
        int port() default 10000;

        @AttributeDefinition(description = "Local address of the ICE port; it is the host candidate browsers see")
        String bindAddress() default "127.0.0.1";

        @AttributeDefinition(description = "A line whose browser shows no sign of life this long is dead")
        int consentTimeoutSeconds() default 30;

        @AttributeDefinition(description = "How long a call waits on hold for the agent's next phone line after the "
                + "browser went away (reload, crash)")
        int reattachSeconds() default 60;
    }

    private final PhoneLines lines;
    private final Duration reattachTimeout;

    @Activate
    public WebRtcEngine(Config config) throws IOException {
        reattachTimeout = Duration.ofSeconds(Math.max(1, config.reattachSeconds()));
        LineSettings settings = new LineSettings(
                new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()),
                Duration.ofSeconds(config.consentTimeoutSeconds()));
        lines = new PhoneLines(settings);
        LOG.info("WebRTC phone lines on udp {} (consent timeout {} s, DTLS fingerprint {})",
                lines.icePortAddress(), config.consentTimeoutSeconds(), lines.fingerprint());
    }

    /** How long a call whose line dropped waits for the agent's next line. */
    public Duration reattachTimeout() {
        return reattachTimeout;
    }

    public PhoneLines phoneLines() {
        return lines;
    }

    @Deactivate
    void deactivate() {
        lines.close();
        LOG.info("WebRTC phone lines stopped");
    }
}
