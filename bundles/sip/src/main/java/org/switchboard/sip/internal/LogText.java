package org.switchboard.sip.internal;

/** Text from the network made safe for one log line or a reason phrase: no line breaks or control characters. */
final class LogText {
    static final int MAX_LENGTH = 120;

    private LogText() {}

    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String clean = text.replaceAll("[\\r\\n]+:?", ": ").replaceAll("\\p{Cntrl}", "?").replaceAll("\\s+", " ")
                .trim();
        return clean.length() > MAX_LENGTH ? clean.substring(0, MAX_LENGTH) + "…" : clean;
    }
}
