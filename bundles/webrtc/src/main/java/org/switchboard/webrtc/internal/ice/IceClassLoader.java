package org.switchboard.webrtc.internal.ice;

import java.util.concurrent.Callable;

import org.ice4j.ice.Agent;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Runs ice4j code with ice4j's own class loader as the thread context class loader. jicoco-config
 * finds ice4j's {@code reference.conf} through the TCCL and caches the result statically, so a
 * first call under Karaf's TCCL would poison every later Agent with "No suppliers found a value".
 */
final class IceClassLoader {

    private IceClassLoader() {
    }

    static <T> T call(Callable<T> ice4jWork) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ice4jLoader());
        try {
            return ice4jWork.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static ClassLoader ice4jLoader() {
        Bundle ice4j = FrameworkUtil.getBundle(Agent.class);
        if (ice4j != null) {
            BundleWiring wiring = ice4j.adapt(BundleWiring.class);
            if (wiring != null) {
                return wiring.getClassLoader();
            }
        }
        // Outside OSGi (unit tests) the class path loader sees reference.conf.
        return Agent.class.getClassLoader();
    }
}
