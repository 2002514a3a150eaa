package org.switchboard.metrics.internal;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.function.Function;

/**
 * A service interface answering only the named read methods (what the gauges call); any other
 * method fails the test. Stands in for the bundles that provide the services, not for the gauges.
 */
final class Stubs {
    private Stubs() {}

    static <T> T of(Class<T> type, Map<String, Function<Object[], ?>> answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Function<Object[], ?> answer = answers.get(method.getName());
            if (answer == null) {
                throw new AssertionError("the gauges should not call " + type.getSimpleName() + "." + method.getName());
            }
            return answer.apply(args);
        }));
    }
}
