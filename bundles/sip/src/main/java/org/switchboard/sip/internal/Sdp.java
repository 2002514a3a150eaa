package org.switchboard.sip.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.switchboard.api.media.Codec;
import org.switchboard.api.media.MediaEndpoint;
import org.switchboard.api.media.RemoteMedia;

/**
 * The SDP Switchboard needs as a B2BUA that anchors all media (RFC 3264 offer/answer, audio only,
 * G.711 and RFC 4733 events): what the far end announced, and our own offers and answers, which
 * always point at the leg's {@link MediaEndpoint}, never at the other party.
 */
final class Sdp {
    // compiled once: String.split and matches compile their pattern on every call (hot path)
    private static final Pattern SPACES = Pattern.compile(" +");
    private static final Pattern ADDRESS_LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]+");
    private static final Set<String> DIRECTIONS = Set.of("sendrecv", "sendonly", "recvonly", "inactive");

    /** Payload type we offer for telephone-event when we make the offer. */
    static final int OUR_TELEPHONE_EVENT = 101;

    /** RFC 3264 §6.1 stream directions, seen from the side that wrote the SDP. */
    enum Direction {
        SENDRECV, SENDONLY, RECVONLY, INACTIVE;

        /** What we answer to an offer with this direction (RFC 3264 §6.1). */
        Direction answer() {
            return switch (this) {
                case SENDONLY -> RECVONLY;
                case RECVONLY -> SENDONLY;
                default -> this;
            };
        }

        String attribute() {
            return "a=" + name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The audio stream the far end announced; {@code onHold} when it stopped listening to us (sendonly
     * or inactive, or the RFC 2543 hold address 0.0.0.0).
     */
    record Announced(InetSocketAddress address, List<Codec> codecs, OptionalInt telephoneEvent, Direction direction,
            boolean onHold) {
        /** The first codec we both speak, in the far end's order of preference. */
        Optional<Codec> preferred() {
            return codecs.stream().findFirst();
        }

        RemoteMedia remote(Codec codec) {
            return new RemoteMedia(address, codec, telephoneEvent);
        }

        /** False for the RFC 2543 hold address 0.0.0.0: "send nothing", and RTP sent there reaches this host. */
        boolean reachable() {
            return !address.getAddress().isAnyLocalAddress();
        }
    }

    private Sdp() {}

    /**
     * Reads the first audio stream of an SDP body.
     *
     * @throws IllegalArgumentException when there is no usable audio stream (no connection address,
     *     no port, or no G.711 codec)
     */
    static Announced parse(String body) {
        String sessionConnection = null;
        String mediaConnection = null;
        int port = -1;
        List<String> payloadTypes = new ArrayList<>();
        Map<String, String> rtpmap = new LinkedHashMap<>();
        boolean inAudio = false;
        boolean seenAudio = false;
        Direction direction = Direction.SENDRECV;
        // String.split on one plain character takes no regex (a regex split was 1 % of the CPU at 800 calls
        // a second); trim() drops the CR of a CRLF line end
        for (String raw : body.split("\n")) {
            String line = raw.trim();
            if (line.length() < 2 || line.charAt(1) != '=') {
                continue;
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (type == 'm') {
                inAudio = !seenAudio && value.startsWith("audio ");
                if (inAudio) {
                    seenAudio = true;
                    String[] fields = SPACES.split(value);
                    if (fields.length < 4) {
                        throw new IllegalArgumentException("bad m= line");
                    }
                    port = Integer.parseInt(fields[1].split("/")[0]);
                    payloadTypes.addAll(List.of(fields).subList(3, fields.length));
                }
            } else if (type == 'c') {
                if (!seenAudio) {
                    sessionConnection = value;
                } else if (inAudio) {
                    mediaConnection = value;
                }
            } else if (type == 'a' && (inAudio || !seenAudio)) {
                if (value.startsWith("rtpmap:") && inAudio) {
                    String[] fields = SPACES.split(value.substring(7), 2);
                    if (fields.length == 2) {
                        rtpmap.put(fields[0], fields[1].toUpperCase(Locale.ROOT));
                    }
                } else if (DIRECTIONS.contains(value)) {
                    direction = Direction.valueOf(value.toUpperCase(Locale.ROOT));
                }
            }
        }
        if (!seenAudio || port < 0) {
            throw new IllegalArgumentException("no audio stream");
        }
        String connection = mediaConnection != null ? mediaConnection : sessionConnection;
        if (connection == null) {
            throw new IllegalArgumentException("no connection address");
        }
        InetAddress address = address(connection);
        List<Codec> codecs = new ArrayList<>();
        OptionalInt telephoneEvent = OptionalInt.empty();
        for (String pt : payloadTypes) {
            String map = rtpmap.get(pt);
            Optional<Codec> codec = codecOf(pt, map);
            codec.filter(c -> !codecs.contains(c)).ifPresent(codecs::add);
            if (map != null && map.startsWith("TELEPHONE-EVENT/8000") && telephoneEvent.isEmpty()) {
                telephoneEvent = OptionalInt.of(Integer.parseInt(pt));
            }
        }
        if (codecs.isEmpty()) {
            throw new IllegalArgumentException("no G.711 codec offered");
        }
        boolean hold = direction == Direction.SENDONLY || direction == Direction.INACTIVE || address.isAnyLocalAddress()
                || port == 0;
        return new Announced(new InetSocketAddress(address, port), List.copyOf(codecs), telephoneEvent, direction, hold);
    }

    /** Our offer to a callee: both G.711 laws and telephone-event, at the leg's endpoint. */
    static String offer(MediaEndpoint endpoint, long sessionVersion) {
        return body(endpoint, List.of(Codec.PCMU, Codec.PCMA), OptionalInt.of(OUR_TELEPHONE_EVENT), sessionVersion,
                Direction.SENDRECV);
    }

    /** Our answer to a caller: the codec chosen and, if it offered one, its telephone-event type. */
    static String answer(MediaEndpoint endpoint, Codec codec, OptionalInt telephoneEvent, long sessionVersion) {
        return body(endpoint, List.of(codec), telephoneEvent, sessionVersion, Direction.SENDRECV);
    }

    /**
     * A body for an established leg with its negotiated codec: an answer to a re-INVITE, or our own
     * re-INVITE that puts the far end on hold ({@code sendonly}) or takes it off ({@code sendrecv}).
     */
    static String session(MediaEndpoint endpoint, Codec codec, OptionalInt telephoneEvent, long sessionVersion,
            Direction direction) {
        return body(endpoint, List.of(codec), telephoneEvent, sessionVersion, direction);
    }

    private static String body(MediaEndpoint endpoint, List<Codec> codecs, OptionalInt telephoneEvent, long version,
            Direction direction) {
        InetAddress address = endpoint.local().getAddress();
        String ip = (address instanceof java.net.Inet6Address ? "IP6 " : "IP4 ") + address.getHostAddress();
        StringBuilder m = new StringBuilder("m=audio " + endpoint.local().getPort() + " RTP/AVP");
        StringBuilder attributes = new StringBuilder();
        for (Codec codec : codecs) {
            m.append(' ').append(codec.payloadType());
            attributes.append("a=rtpmap:").append(codec.payloadType()).append(' ').append(codec.encodingName())
                    .append('/').append(codec.clockRate()).append("\r\n");
        }
        if (telephoneEvent.isPresent()) {
            int pt = telephoneEvent.getAsInt();
            m.append(' ').append(pt);
            attributes.append("a=rtpmap:").append(pt).append(" telephone-event/8000\r\n")
                    .append("a=fmtp:").append(pt).append(" 0-16\r\n");
        }
        // the session id only has to be stable per leg: the endpoint's id gives us that
        long sessionId = endpoint.id().getMostSignificantBits() & Long.MAX_VALUE;
        return "v=0\r\n"
                + "o=switchboard " + sessionId + " " + version + " IN " + ip + "\r\n"
                + "s=Switchboard\r\n"
                + "c=IN " + ip + "\r\n"
                + "t=0 0\r\n"
                + m + "\r\n"
                + attributes
                + "a=ptime:20\r\n"
                + direction.attribute() + "\r\n";
    }

    private static Optional<Codec> codecOf(String payloadType, String rtpmap) {
        if (rtpmap != null) {
            for (Codec codec : Codec.values()) {
                if (rtpmap.startsWith(codec.encodingName() + "/" + codec.clockRate())) {
                    return Optional.of(codec);
                }
            }
            return Optional.empty();
        }
        // static payload types need no rtpmap (RFC 3551)
        for (Codec codec : Codec.values()) {
            if (String.valueOf(codec.payloadType()).equals(payloadType)) {
                return Optional.of(codec);
            }
        }
        return Optional.empty();
    }

    private static InetAddress address(String connection) {
        String[] fields = SPACES.split(connection.trim());
        if (fields.length < 3 || !fields[0].equals("IN")) {
            throw new IllegalArgumentException("bad c= line");
        }
        String host = fields[2].split("/")[0];
        try {
            // only literals: a host name here would make us do DNS on the SIP thread
            if (!ADDRESS_LITERAL.matcher(host).matches()) {
                throw new IllegalArgumentException("c= must be an address, not " + host);
            }
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address " + host);
        }
    }
}
