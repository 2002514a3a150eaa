package org.switchboard.sip.internal;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Text from the network made safe for one log line or a reason phrase: no line breaks or control characters. */
final class LogText {
    static final int MAX_LENGTH = 120;
    /** jain-sip's lexer names its char[] buffer in some messages: "[C@5582b5d3: Expecting ..." says nothing. */
    private static final Pattern ARRAY_IDENTITY = Pattern.compile("\\[C@\\p{XDigit}+:?\\s*");

    private LogText() {}

    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String clean = text.replaceAll("[\\r\\n]+:?", ": ").replaceAll("\\p{Cntrl}", "?").replaceAll("\\s+", " ")
                .trim();
        return clean.length() > MAX_LENGTH ? clean.substring(0, MAX_LENGTH) + "…" : clean;
    }

    /** A parser's complaint without the identity of a Java array it may name. */
    static String parseError(String message) {
        return oneLine(message == null ? "" : ARRAY_IDENTITY.matcher(message).replaceAll(""));
    }

    /** The start of a raw message as one readable line, its line breaks shown as " | ". */
    static String excerpt(byte[] message) {
        String start = new String(message, 0, Math.min(message.length, 2 * MAX_LENGTH), StandardCharsets.ISO_8859_1);
        return oneLine(start.strip().replaceAll("(\\r\\n|\\r|\\n)+", " | "));
    }
}
