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
