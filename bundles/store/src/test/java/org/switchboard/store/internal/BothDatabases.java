package org.switchboard.store.internal;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/** Provides the H2 and PostgreSQL invocations of {@link OnBothDatabases} tests, one database each per class. */
final class BothDatabases implements TestTemplateInvocationContextProvider {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BothDatabases.class);

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return true;
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        return Stream.of(invocation("H2", TestDatabase.H2::new), invocation("PostgreSQL", TestDatabase.PostgreSql::new));
    }

    private static TestTemplateInvocationContext invocation(String name, Supplier<TestDatabase> factory) {
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return name;
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of(new Resolver(name, factory));
            }
        };
    }

    private record Resolver(String name, Supplier<TestDatabase> factory) implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == TestDatabase.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            // kept in the class's store, so it is shared by the class's tests and closed after them
            ExtensionContext classContext = context;
            while (classContext.getTestMethod().isPresent()) {
                classContext = classContext.getParent().orElseThrow();
            }
            TestDatabase database = classContext.getStore(NAMESPACE)
                    .getOrComputeIfAbsent(name, key -> factory.get(), TestDatabase.class);
            database.clear();
            return database;
        }
    }
}
