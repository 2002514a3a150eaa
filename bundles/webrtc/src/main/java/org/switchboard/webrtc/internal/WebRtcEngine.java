package org.switchboard.webrtc.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

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
 * those first seconds waits for it in {@link #phoneLines()}. While it cannot start (its port
 * taken), lines are refused with the reason and it tries again every {@link #START_RETRY}, as
 * SIP does: a port still held by a process that is stopping is free moments later.
 */
@Component(immediate = true, service = WebRtcEngine.class, configurationPid = WebRtcEngine.PID)
@Designate(ocd = WebRtcEngine.Config.class)
public final class WebRtcEngine {

    static final String PID = "org.switchboard.webrtc";
    static final Duration START_RETRY = Duration.ofSeconds(2);

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

    /** Completed by the first attempt: the engine, or why it could not start. */
    private final CompletableFuture<Void> firstAttempt = new CompletableFuture<>();
    private final Duration reattachTimeout;
    private final Thread starter;
    private PhoneLines lines; // guarded by this
    private Exception failure; // guarded by this
    private boolean stopped; // guarded by this

    @Activate
    public WebRtcEngine(Config config) throws IOException {
        this(new LineSettings(new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()),
                Duration.ofSeconds(config.consentTimeoutSeconds())), Duration.ofSeconds(Math.max(1, config.reattachSeconds())));
    }

    WebRtcEngine(LineSettings settings, Duration reattachTimeout) {
        this.reattachTimeout = reattachTimeout;
        this.starter = new Thread(() -> startUntilStarted(settings), "switchboard-webrtc-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void startUntilStarted(LineSettings settings) {
        while (!started(settings)) {
            try {
                Thread.sleep(START_RETRY.toMillis());
            } catch (InterruptedException e) {
                return; // deactivated
            }
        }
    }

    /** One attempt; true once the engine runs or the component stopped. */
    private boolean started(LineSettings settings) {
        try {
            PhoneLines started = new PhoneLines(settings);
            synchronized (this) {
                if (stopped) {
                    started.close();
                    return true;
                }
                lines = started;
            }
            LOG.info("WebRTC phone lines on udp {} (consent timeout {} s, DTLS fingerprint {})",
                    started.icePortAddress(), settings.consentTimeout().toSeconds(), started.fingerprint());
            return true;
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                if (failure == null || !failure.toString().equals(e.toString())) {
                    LOG.error("WebRTC phone lines could not start on udp {}: {} (trying again every {} s)",
                            settings.icePort(), e.toString(), START_RETRY.toSeconds());
                }
                failure = e;
                return stopped;
            }
        } finally {
            firstAttempt.complete(null);
        }
    }

    /** How long a call whose line dropped waits for the agent's next line. */
    public Duration reattachTimeout() {
        return reattachTimeout;
    }

    /**
     * The running engine, waiting for its first start in the first seconds after activation.
     *
     * @throws IOException while the engine cannot start (e.g. its port is taken)
     */
    public PhoneLines phoneLines() throws IOException {
        firstAttempt.join();
        synchronized (this) {
            if (lines == null) {
                throw new IOException("the WebRTC engine did not start: " + failure, failure);
            }
            return lines;
        }
    }

    @Deactivate
    void deactivate() {
        PhoneLines running;
        synchronized (this) {
            stopped = true;
            running = lines;
        }
        starter.interrupt();
        try {
            starter.join(); // an attempt under way closes what it started, seeing stopped
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (running != null) {
            running.close();
            LOG.info("WebRTC phone lines stopped");
        }
    }
}
