package org.switchboard.crm.salesforce.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Everything logged while open. slf4j-simple writes each line to the {@code System.err} of the
 * moment (it does not cache the stream), so swapping the stream captures the bundle's log.
 */
final class LogCapture implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    LogCapture() {
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    String text() {
        System.err.flush();
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setErr(original);
        original.print(text());
    }
}
