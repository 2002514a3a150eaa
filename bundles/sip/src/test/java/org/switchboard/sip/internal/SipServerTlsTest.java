package org.switchboard.sip.internal;

import org.switchboard.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS listens only when a keystore is configured, and then answers like UDP and TCP. */
class SipServerTlsTest {

    @Test
    void withAKeystoreTheTlsPortAnswersOptions(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("sip.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "sip", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "test-secret",
                "-keypass", "test-secret").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        int port = TestConfig.freePort();
        int tlsPort = TestConfig.freePort();
        SipServer server = new SipServer(SipSettings.from(TestConfig.sip(Map.of("port", port, "tlsPort", tlsPort,
                "keystore", keystore.toString(), "keystorePassword", "test-secret"))), new InMemoryRegistrations(),
                FakeCredentials.demo(), new TrunkRegistry(), new MutableClock(Instant.now()));
        try (SSLSocket socket = (SSLSocket) trustingEveryone().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), tlsPort)) {
            assertThat(server.check().detail()).startsWith("udp+tcp 127.0.0.1:" + port + ", tls :" + tlsPort);
            socket.setSoTimeout(3000);
            socket.startHandshake();
            String local = "127.0.0.1:" + socket.getLocalPort();
            socket.getOutputStream().write(("OPTIONS sip:127.0.0.1:" + tlsPort + ";transport=tls SIP/2.0\r\n"
                    + "Via: SIP/2.0/TLS " + local + ";branch=z9hG4bK-tls-1\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:probe@example.org>;tag=1\r\n"
                    + "To: <sip:127.0.0.1>\r\n"
                    + "Call-ID: tls-1@test\r\n"
                    + "CSeq: 1 OPTIONS\r\n"
                    + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8));

            assertThat(readResponse(socket.getInputStream())).startsWith("SIP/2.0 200 OK");
        } finally {
            server.close();
        }
    }

    @Test
    void withoutAKeystoreThereIsNoTlsListener() throws Exception {
        int port = TestConfig.freePort();
        int tlsPort = TestConfig.freePort();
        SipServer server = new SipServer(SipSettings.from(TestConfig.sip(Map.of("port", port, "tlsPort", tlsPort))),
                new InMemoryRegistrations(), FakeCredentials.demo(), new TrunkRegistry(),
                new MutableClock(Instant.now()));
        try {
            assertThat(server.check().detail()).doesNotContain("tls");
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), tlsPort)) {
                throw new AssertionError("something listens on " + tlsPort);
            } catch (java.net.ConnectException expected) {
                // nothing there
            }
        } finally {
            server.close();
        }
    }

    private static String readResponse(InputStream in) throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!received.toString(StandardCharsets.UTF_8).contains("\r\n\r\n")) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            received.write(buffer, 0, n);
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    /** The test's self-signed certificate is not worth verifying: what is tested is that TLS serves SIP. */
    private static SSLContext trustingEveryone() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return context;
    }
}
