package org.switchboard.sip.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The head of a SIP request read straight from a datagram, for a decision that must cost less than
 * jain-sip's parse ({@link EarlyRefusal}): the request line and the header lines, each kept as written.
 * It reads only the plain shape of RFC 3261 §7: anything else — a folded header line, a line without a
 * colon, no empty line ending the head — makes the request unreadable here, and it takes the ordinary
 * path through jain-sip, which knows the whole grammar.
 */
final class RawRequest {
    /** RFC 3261 §7.3.3 compact forms of the headers read here. */
    private static final Map<String, String> COMPACT = Map.of("v", "via", "f", "from", "t", "to", "i", "call-id");

    private final String method;
    private final List<String> names;
    private final List<String> lines;

    private RawRequest(String method, List<String> names, List<String> lines) {
        this.method = method;
        this.names = names;
        this.lines = lines;
    }

    /** The request in {@code data[offset, offset + length)}, if it is a plain SIP/2.0 request. */
    static Optional<RawRequest> read(byte[] data, int offset, int length) {
        int end = headEnd(data, offset, offset + length);
        if (end < 0) {
            return Optional.empty();
        }
        String[] head = new String(data, offset, end - offset, StandardCharsets.ISO_8859_1).split("\r?\n");
        String[] requestLine = head[0].split(" ", -1);
        if (requestLine.length != 3 || requestLine[0].isEmpty() || !"SIP/2.0".equals(requestLine[2])) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>(head.length);
        List<String> lines = new ArrayList<>(head.length);
        for (int i = 1; i < head.length; i++) {
            String line = head[i];
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                return Optional.empty();
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            names.add(COMPACT.getOrDefault(name, name));
            lines.add(line);
        }
        return Optional.of(new RawRequest(requestLine[0], names, lines));
    }

    /** Where the empty line ending the head starts, or -1. */
    private static int headEnd(byte[] data, int from, int to) {
        for (int i = from; i < to - 1; i++) {
            if (data[i] == '\n' && (data[i + 1] == '\n' || data[i + 1] == '\r' && i + 2 < to && data[i + 2] == '\n')) {
                return i > from && data[i - 1] == '\r' ? i - 1 : i;
            }
        }
        return -1;
    }

    String method() {
        return method;
    }

    /** Every line of a header (by its full lower-case name; compact forms count), in order, as written. */
    List<String> all(String name) {
        List<String> found = new ArrayList<>(2);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(name)) {
                found.add(lines.get(i));
            }
        }
        return found;
    }

    /** The header's line when it occurs exactly once. */
    Optional<String> one(String name) {
        List<String> found = all(name);
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    boolean has(String name) {
        return names.contains(name);
    }

    /** What follows the colon of a header line, trimmed. */
    static String value(String line) {
        return line.substring(line.indexOf(':') + 1).strip();
    }
}
