package org.switchboard.webrtc.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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
 * <p>
 * The engine starts on a thread of its own: its certificate and warm-ups took ~2 s of the boot
 * on the thread that starts every later bundle (SIP, REST). A browser that asks for a line in
 * those first seconds waits for it in {@link #phoneLines()}.
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

    private final CompletableFuture<PhoneLines> lines = new CompletableFuture<>();
    private final Duration reattachTimeout;

    @Activate
    public WebRtcEngine(Config config) throws IOException {
        reattachTimeout = Duration.ofSeconds(Math.max(1, config.reattachSeconds()));
        LineSettings settings = new LineSettings(
                new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()),
                Duration.ofSeconds(config.consentTimeoutSeconds()));
        Thread starter = new Thread(() -> start(settings), "switchboard-webrtc-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void start(LineSettings settings) {
        try {
            PhoneLines started = new PhoneLines(settings);
            LOG.info("WebRTC phone lines on udp {} (consent timeout {} s, DTLS fingerprint {})",
                    started.icePortAddress(), settings.consentTimeout().toSeconds(), started.fingerprint());
            lines.complete(started);
        } catch (IOException | RuntimeException e) {
            LOG.error("WebRTC phone lines could not start on udp {}: {}", settings.icePort(), e.toString());
            lines.completeExceptionally(e);
        }
    }

    /** How long a call whose line dropped waits for the agent's next line. */
    public Duration reattachTimeout() {
        return reattachTimeout;
    }

    /**
     * The running engine, waiting for it in the first seconds after activation.
     *
     * @throws IOException when the engine could not start (e.g. its port is taken)
     */
    public PhoneLines phoneLines() throws IOException {
        try {
            return lines.join();
        } catch (CompletionException e) {
            throw new IOException("the WebRTC engine did not start: " + e.getCause(), e.getCause());
        }
    }

    @Deactivate
    void deactivate() {
        try {
            lines.join().close();
            LOG.info("WebRTC phone lines stopped");
        } catch (CompletionException e) {
            // it never started: nothing to stop
        }
    }
}
