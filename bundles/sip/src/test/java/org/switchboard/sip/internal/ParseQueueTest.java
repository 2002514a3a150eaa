package org.switchboard.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The parse queue's delay read from a real jain-sip stack whose only parser thread is held. */
class ParseQueueTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch parsing = new CountDownLatch(1);
    private TunedSipStack stack;

    @AfterEach
    void stop() {
        release.countDown();
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    void datagramsWaitingForAParserThreadAgeUntilParsed() throws Exception {
        int port = TestConfig.freePort();
        ParseQueue queue = start(port);
        assertThat(queue.delayMillis()).isZero();

        try (DatagramSocket phone = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            send(phone, port, "held-1");
            assertThat(parsing.await(5, TimeUnit.SECONDS)).as("the first request reached the listener").isTrue();
            send(phone, port, "waiting-2");
            Thread.sleep(300);

            assertThat(queue.delayMillis()).as("the second datagram waits for the held parser thread")
                    .isBetween(250L, 5_000L);

            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (queue.delayMillis() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(queue.delayMillis()).as("nothing waits once the thread is free").isZero();
        }
    }

    private ParseQueue start(int port) throws Exception {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "parse-queue-test-" + port);
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "1");
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "ERROR");
        stack = new TunedSipStack(p, DatagramGate.NONE);
        ListeningPoint point = stack.createListeningPoint("127.0.0.1", port, ListeningPoint.UDP);
        SipProvider provider = stack.createSipProvider(point);
        provider.addSipListener(new HoldingListener());
        stack.start();
        return ParseQueue.of(stack);
    }

    private static void send(DatagramSocket phone, int port, String callId) throws Exception {
        InetSocketAddress local = (InetSocketAddress) phone.getLocalSocketAddress();
        String options = "OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + local.getPort() + ";branch=z9hG4bK-" + callId + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:probe@127.0.0.1>;tag=p1\r\n"
                + "To: <sip:127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
        byte[] bytes = options.getBytes(StandardCharsets.US_ASCII);
        phone.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", port)));
    }

    /** Holds the parser thread that delivers a request until the test lets go. */
    private final class HoldingListener implements SipListener {
        @Override
        public void processRequest(RequestEvent event) {
            parsing.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void processResponse(ResponseEvent event) {
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
        }

        @Override
        public void processIOException(IOExceptionEvent event) {
        }

        @Override
        public void processTransactionTerminated(TransactionTerminatedEvent event) {
        }

        @Override
        public void processDialogTerminated(DialogTerminatedEvent event) {
        }
    }
}
