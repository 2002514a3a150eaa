package org.switchboard.rest.internal;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.function.Function;

/**
 * A collaborator of the resources under test that answers only the methods a test names, by name;
 * any other call fails loudly, so a test never passes on an answer nobody chose.
 */
public final class Stub {
    private Stub() {}

    public static <T> T of(Class<T> type, Map<String, Function<Object[], Object>> answers) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            switch (method.getName()) {
                case "toString":
                    return "Stub[" + type.getSimpleName() + "]";
                case "hashCode":
                    return System.identityHashCode(self);
                case "equals":
                    return self == args[0];
                default:
                    Function<Object[], Object> answer = answers.get(method.getName());
                    if (answer == null) {
                        throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName()
                                + " is not expected by this test");
                    }
                    return answer.apply(args == null ? new Object[0] : args);
            }
        });
        return type.cast(proxy);
    }
}
