package org.switchboard.testing.salesforce;

import java.nio.charset.StandardCharsets;

/**
 * What the emulator answers to one request. A {@code held} answer is never sent (a stall or an injected timeout):
 * the connection is dropped when the emulator stops or closes, or after 60 s.
 */
record Reply(int status, String contentType, byte[] body, String location, String held) {
    static final String JSON = "application/json;charset=UTF-8";

    static Reply json(int status, String body) {
        return of(status, JSON, body);
    }

    static Reply html(int status, String body) {
        return of(status, "text/html;charset=UTF-8", body);
    }

    static Reply text(int status, String body) {
        return of(status, "text/plain;charset=UTF-8", body);
    }

    static Reply noContent() {
        return new Reply(204, null, new byte[0], null, null);
    }

    static Reply redirect(String location) {
        return new Reply(302, null, new byte[0], location, null);
    }

    static Reply hold(String why) {
        return new Reply(0, null, new byte[0], null, why);
    }

    private static Reply of(int status, String contentType, String body) {
        return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8), null, null);
    }
}
