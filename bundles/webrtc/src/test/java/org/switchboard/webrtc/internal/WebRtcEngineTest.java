package org.switchboard.webrtc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The component around the engine: a taken port refuses lines with the reason until it is free. */
class WebRtcEngineTest {

    @Test
    void whileItsPortIsTakenLinesAreRefusedAndItStartsOnceThePortIsFree() throws Exception {
        DatagramSocket holder = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        InetSocketAddress port = (InetSocketAddress) holder.getLocalSocketAddress();
        WebRtcEngine engine = new WebRtcEngine(new LineSettings(port, Duration.ofSeconds(30)), Duration.ofSeconds(60));
        try {
            assertThatThrownBy(engine::phoneLines).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("the WebRTC engine did not start")
                    .hasCauseInstanceOf(BindException.class);

            holder.close();
            PhoneLines lines = awaitStarted(engine, WebRtcEngine.START_RETRY.multipliedBy(5));
            assertThat(lines.icePortAddress()).isEqualTo(port);
        } finally {
            holder.close();
            engine.deactivate();
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.isAlive()
                && t.getName().equals("switchboard-webrtc-start"));
    }

    private static PhoneLines awaitStarted(WebRtcEngine engine, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return engine.phoneLines();
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("still not started after " + timeout, e);
                }
                Thread.sleep(100);
            }
        }
    }
}
