package org.switchboard.webrtc.internal.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The session part or one m= section of an SDP, as attribute names to their values. */
final class SdpSection {

    /** The m= line without {@code m=}, or empty for the session part. */
    private final Optional<String> media;
    private final Map<String, List<String>> attributes = new LinkedHashMap<>();

    private SdpSection(Optional<String> media) {
        this.media = media;
    }

    /** Splits an SDP into its session part (first) and its m= sections, in order. */
    static List<SdpSection> split(String sdp) throws BadSdpException {
        if (sdp == null || !sdp.startsWith("v=0")) {
            throw new BadSdpException("bad-sdp", "not an SDP session description");
        }
        List<SdpSection> sections = new ArrayList<>();
        SdpSection current = new SdpSection(Optional.empty());
        sections.add(current);
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new BadSdpException("bad-sdp", "malformed line");
            }
            if (line.startsWith("m=")) {
                current = new SdpSection(Optional.of(line.substring(2)));
                sections.add(current);
            } else if (line.startsWith("a=")) {
                String attribute = line.substring(2);
                int colon = attribute.indexOf(':');
                String name = colon < 0 ? attribute : attribute.substring(0, colon);
                String value = colon < 0 ? "" : attribute.substring(colon + 1).strip();
                current.attributes.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        return sections;
    }

    boolean isSession() {
        return media.isEmpty();
    }

    /** The m= line's fields: media, port, proto, formats…; at least four or a {@code bad-sdp}. */
    String[] mediaFields() throws BadSdpException {
        String[] fields = media.orElseThrow().split(" ");
        if (fields.length < 4) {
            throw new BadSdpException("bad-sdp", "malformed m= line");
        }
        return fields;
    }

    Optional<String> first(String attribute) {
        List<String> values = attributes.get(attribute);
        return values == null ? Optional.empty() : Optional.of(values.get(0));
    }

    List<String> all(String attribute) {
        return attributes.getOrDefault(attribute, List.of());
    }

    boolean has(String attribute) {
        return attributes.containsKey(attribute);
    }
}
