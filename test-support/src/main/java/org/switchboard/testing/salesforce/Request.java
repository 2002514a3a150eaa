package org.switchboard.testing.salesforce;

import com.sun.net.httpserver.Headers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One HTTP request as the endpoints see it: query parameters decoded, body read whole. */
record Request(String method, String path, Map<String, String> query, Headers headers, byte[] body) {

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.getFirst(name));
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** {@code application/x-www-form-urlencoded} decoding (query strings and OAuth form bodies); first value wins. */
    static Map<String, String> form(String encoded) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return fields;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.putIfAbsent(name, value);
        }
        return fields;
    }
}
