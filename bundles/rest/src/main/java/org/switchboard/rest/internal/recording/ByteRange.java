package org.switchboard.rest.internal.recording;

import java.util.Locale;
import java.util.Optional;

/**
 * One satisfiable byte range of a file, from an HTTP {@code Range} header (RFC 9110 §14): {@code
 * bytes=a-b}, {@code bytes=a-} or {@code bytes=-n} (the last n bytes).
 */
public record ByteRange(long first, long last) {

    /** The header asks only for bytes past the end of the file: answer 416. */
    public static final class Unsatisfiable extends Exception {
        private static final long serialVersionUID = 1L;

        Unsatisfiable(String header) {
            super("range " + header + " lies outside the file");
        }
    }

    public long length() {
        return last - first + 1;
    }

    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /**
     * The range a {@code Range} header asks for in a file of {@code size} bytes; empty means send the
     * whole file: no header, several ranges, or one we do not understand (RFC 9110 lets a server
     * ignore those).
     *
     * @throws Unsatisfiable when the range starts at or past the end (or asks for the last 0 bytes)
     */
    public static Optional<ByteRange> parse(String header, long size) throws Unsatisfiable {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.trim();
        if (!value.toLowerCase(Locale.ROOT).startsWith("bytes=") || value.indexOf(',') >= 0) {
            return Optional.empty();
        }
        String spec = value.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        Optional<Long> start = number(spec.substring(0, dash));
        Optional<Long> end = number(spec.substring(dash + 1));
        if (dash == 0) { // suffix: the last n bytes
            if (end.isEmpty()) {
                return Optional.empty();
            }
            if (end.get() == 0 || size == 0) {
                throw new Unsatisfiable(header);
            }
            return Optional.of(new ByteRange(Math.max(0, size - end.get()), size - 1));
        }
        if (start.isEmpty() || (dash < spec.length() - 1 && end.isEmpty())) {
            return Optional.empty();
        }
        if (end.isPresent() && end.get() < start.get()) {
            return Optional.empty(); // invalid: ignored, the whole file goes out
        }
        if (start.get() >= size) {
            throw new Unsatisfiable(header);
        }
        long last = end.map(e -> Math.min(e, size - 1)).orElse(size - 1);
        return Optional.of(new ByteRange(start.get(), last));
    }

    private static Optional<Long> number(String digits) {
        String d = digits.trim();
        if (d.isEmpty() || d.length() > 18 || !d.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(d));
    }
}
