package org.switchboard.sip.internal;

import java.lang.reflect.Proxy;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

/** Configurations as Config Admin would give them: the declared defaults, some overridden. */
final class TestConfig {
    private TestConfig() {}

    static SipServer.Config sip(Map<String, Object> overrides) {
        return config(SipServer.Config.class, overrides);
    }

    static TrunkConfiguration.Config trunk(Map<String, Object> overrides) {
        return config(TrunkConfiguration.Config.class, overrides);
    }

    private static <T> T config(Class<T> type, Map<String, Object> overrides) {
        return type.cast(Proxy.newProxyInstance(TestConfig.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> type;
                    case "toString" -> "Config" + overrides;
                    case "hashCode" -> overrides.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> overrides.getOrDefault(method.getName(), method.getDefaultValue());
                }));
    }

    /**
     * A base port for SIPp's media sockets (-mp): SIPp binds it and the next three (audio and video,
     * RTP and RTCP), so four consecutive UDP ports must be free. Taken below the kernel's ephemeral
     * range, so a socket another test opens meanwhile cannot land on them.
     */
    static int freeMediaPorts() {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = 10000 + 2 * random.nextInt(5000);
            if (udpFree(base, 4)) {
                return base;
            }
        }
        throw new IllegalStateException("no four consecutive free UDP ports for SIPp media");
    }

    private static boolean udpFree(int base, int count) {
        java.util.List<DatagramSocket> held = new java.util.ArrayList<>();
        try {
            for (int port = base; port < base + count; port++) {
                held.add(new DatagramSocket(port, InetAddress.getLoopbackAddress()));
            }
            return true;
        } catch (Exception e) {
            return false;
        } finally {
            held.forEach(DatagramSocket::close);
        }
    }

    /** A port free for both UDP and TCP on 127.0.0.1. */
    static int freePort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                    ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 50, InetAddress.getLoopbackAddress())) {
                return udp.getLocalPort();
            } catch (Exception e) {
                // taken for TCP: try another
            }
        }
        throw new IllegalStateException("no free port for UDP and TCP");
    }
}
