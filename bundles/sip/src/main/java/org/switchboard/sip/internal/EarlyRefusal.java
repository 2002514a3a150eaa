package org.switchboard.sip.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses new calls on jain-sip's UDP reader thread — while the server is behind, or over a configured
 * call rate or concurrent-call limit — before the datagram waits for a parser thread: a refusal through
 * the stack cost 0.17–0.19 ms of CPU (the INVITE parsed and handed between threads, the 503 built by
 * jain-sip, its ACK parsed the same way), here 0.05–0.07 ms (bench/README.md, "Refusing on the reader
 * thread"); the CPU saved goes to the calls being admitted.
 *
 * <p>Only an initial INVITE over UDP from a trunk, or carrying credentials, is judged here — with
 * {@link Admission} and the {@link RecentVerdicts} the router uses, so a retransmission gets the answer
 * its original got — and only when the 503 can go straight back to its sender: a top Via naming the
 * sender's own address and port, or asking for that with an empty {@code rport} (RFC 3581: a phone
 * behind NAT; its Via is echoed with {@code received} and {@code rport} filled in), and without received
 * or maddr. Its 503 is made of the request's own header lines (RFC 3261 §8.2.6.2) with a To tag of
 * {@link #TAG_PREFIX}, as the router's 503s have, and
 * the ACK of any such 503 is dropped here unparsed. Everything else goes the ordinary way: jain-sip
 * parses it and {@link RequestRouter} decides.
 */
final class EarlyRefusal implements DatagramGate {
    /** Starts the To tag of every 503 for overload: no dialog has such a tag (ours are hex). */
    static final String TAG_PREFIX = "sb503-";

    private static final Logger LOG = LoggerFactory.getLogger(EarlyRefusal.class);
    private static final byte[] INVITE = "INVITE ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACK = "ACK ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REFUSAL_TAG = TAG_PREFIX.getBytes(StandardCharsets.US_ASCII);
    private static final int SIP_PORT = 5060;

    private final Admission admission;
    private final RecentVerdicts verdicts;
    private final TrunkRegistry trunks;

    EarlyRefusal(Admission admission, RecentVerdicts verdicts, TrunkRegistry trunks) {
        this.admission = admission;
        this.verdicts = verdicts;
        this.trunks = trunks;
    }

    /** A To tag for a 503 refusing a call. */
    static String newTag() {
        return TAG_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    @Override
    public boolean consumed(DatagramPacket packet, DatagramSocket socket) {
        byte[] data = packet.getData();
        int offset = packet.getOffset();
        int length = packet.getLength();
        if (startsWith(data, offset, length, ACK)) {
            return contains(data, offset, length, REFUSAL_TAG) && acknowledgesRefusal(data, offset, length);
        }
        if (!startsWith(data, offset, length, INVITE) || !admission.mayRefuseCalls()) {
            return false;
        }
        return RawRequest.read(data, offset, length).map(request -> judged(request, packet, socket)).orElse(false);
    }

    private static boolean acknowledgesRefusal(byte[] data, int offset, int length) {
        return RawRequest.read(data, offset, length).flatMap(ack -> ack.one("to")).flatMap(EarlyRefusal::tag)
                .filter(tag -> tag.startsWith(TAG_PREFIX)).isPresent();
    }

    private boolean judged(RawRequest request, DatagramPacket packet, DatagramSocket socket) {
        InetAddress sender = packet.getAddress();
        int port = packet.getPort();
        Optional<TopVia> top = request.all("via").stream().findFirst()
                .flatMap(via -> answerableTopVia(via, sender, port));
        if (top.isEmpty() || !isInitialInvite(request)) {
            return false;
        }
        boolean fromTrunk = trunks.bySource(sender, port).isPresent();
        boolean withCredentials = request.has("authorization") || request.has("proxy-authorization");
        if (!fromTrunk && !withCredentials) {
            return false; // a challenge, not a call: the router answers it and counts floods
        }
        String branch = top.get().branch();
        return switch (verdicts.verdict(branch, () -> admission.newCall(sender, fromTrunk, withCredentials))) {
            case ADMIT -> false;
            case IGNORE -> true;
            case REFUSE -> {
                send(refusal(request, top.get()), packet, socket);
                yield true;
            }
        };
    }

    /** One From, To (without tag), Call-ID and CSeq of method INVITE: what a 503 is made of. */
    private static boolean isInitialInvite(RawRequest request) {
        Optional<String> cseq = request.one("cseq").map(RawRequest::value);
        return "INVITE".equals(request.method()) && request.one("from").isPresent()
                && request.one("call-id").isPresent() && cseq.isPresent() && cseq.get().endsWith(" INVITE")
                && request.one("to").filter(to -> !hasParameter(to, "tag")).isPresent();
    }

    /** A top Via the reader thread can answer: its branch, and its header line as the 503 echoes it. */
    private record TopVia(String branch, String line) {
    }

    /**
     * The top Via when a response to it goes to the sender's own address and port: one value naming them
     * (RFC 3261 §18.2.2), or asking for them with an empty {@code rport} (RFC 3581 §4: then echoed with
     * {@code received} and {@code rport} filled in); never one with received or maddr already set.
     */
    private static Optional<TopVia> answerableTopVia(String viaLine, InetAddress sender, int port) {
        String via = RawRequest.value(viaLine);
        if (via.indexOf('"') >= 0) {
            return Optional.empty();
        }
        int comma = via.indexOf(',');
        String[] parts = (comma < 0 ? via : via.substring(0, comma)).split(";");
        String[] protocolAndHost = parts[0].strip().split("\\s+");
        if (protocolAndHost.length != 2 || !"SIP/2.0/UDP".equalsIgnoreCase(protocolAndHost[0])) {
            return Optional.empty();
        }
        String branch = null;
        boolean rport = false;
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].strip().split("=", 2);
            String name = parameter[0].strip().toLowerCase(Locale.ROOT);
            if (name.equals("received") || name.equals("maddr") || (name.equals("rport") && parameter.length == 2)) {
                return Optional.empty();
            }
            if (name.equals("branch") && parameter.length == 2) {
                branch = parameter[1].strip();
            }
            rport |= name.equals("rport");
        }
        if (branch == null || branch.isEmpty() || !(rport || sentBy(protocolAndHost[1], sender, port))) {
            return Optional.empty();
        }
        if (!rport) {
            return Optional.of(new TopVia(branch, viaLine));
        }
        String rest = comma < 0 ? "" : via.substring(comma);
        String name = viaLine.substring(0, viaLine.indexOf(':') + 1);
        return Optional.of(new TopVia(branch, name + " " + withSourceFilledIn(parts, sender, port) + rest));
    }

    /** A Via value's parts (sent-by, then parameters) with {@code rport} and {@code received} naming the source. */
    private static String withSourceFilledIn(String[] parts, InetAddress sender, int port) {
        StringBuilder value = new StringBuilder(parts[0].strip());
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            value.append(';').append(parameter.equalsIgnoreCase("rport") ? "rport=" + port : parameter);
        }
        return value.append(";received=").append(addressText(sender)).toString();
    }

    /** An address as a Via's received parameter writes it: IPv6 without brackets or zone. */
    private static String addressText(InetAddress address) {
        String text = address.getHostAddress();
        int zone = text.indexOf('%');
        return zone < 0 ? text : text.substring(0, zone);
    }

    private static boolean sentBy(String hostPort, InetAddress sender, int port) {
        int colon = hostPort.indexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        try {
            int viaPort = colon < 0 ? SIP_PORT : Integer.parseInt(hostPort.substring(colon + 1));
            return viaPort == port && host.equals(sender.getHostAddress());
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private String refusal(RawRequest request, TopVia top) {
        StringBuilder response = new StringBuilder(512).append("SIP/2.0 503 Service Unavailable (overloaded)\r\n");
        response.append(top.line()).append("\r\n");
        request.all("via").stream().skip(1).forEach(via -> response.append(via).append("\r\n"));
        response.append(request.one("from").orElseThrow()).append("\r\n");
        response.append(request.one("to").orElseThrow().stripTrailing()).append(";tag=").append(newTag()).append("\r\n");
        response.append(request.one("call-id").orElseThrow()).append("\r\n");
        response.append(request.one("cseq").orElseThrow()).append("\r\n");
        response.append("Retry-After: ").append(admission.retryAfterSeconds()).append("\r\n");
        return response.append("Content-Length: 0\r\n\r\n").toString();
    }

    private static void send(String response, DatagramPacket request, DatagramSocket socket) {
        byte[] bytes = response.getBytes(StandardCharsets.ISO_8859_1);
        try {
            socket.send(new DatagramPacket(bytes, bytes.length, request.getSocketAddress()));
        } catch (IOException e) { // the caller retransmits and is refused again
            LOG.debug("sip: could not refuse a call from {}: {}", request.getSocketAddress(), e.getMessage());
        }
    }

    /** The tag parameter of a From or To line. */
    private static Optional<String> tag(String line) {
        String parameters = parameters(RawRequest.value(line));
        for (String parameter : parameters.split(";")) {
            String[] nameValue = parameter.split("=", 2);
            if (nameValue.length == 2 && nameValue[0].strip().equalsIgnoreCase("tag")) {
                return Optional.of(nameValue[1].strip());
            }
        }
        return Optional.empty();
    }

    /** Whether a From or To line has the parameter, in any spelling: unsure means yes. */
    private static boolean hasParameter(String line, String name) {
        return parameters(RawRequest.value(line)).toLowerCase(Locale.ROOT).contains(name);
    }

    /** The header parameters of a name-addr or addr-spec value (RFC 3261 §20.10). */
    private static String parameters(String value) {
        int close = value.lastIndexOf('>');
        if (value.indexOf('<') >= 0) {
            return close < 0 ? value : value.substring(close + 1);
        }
        int semicolon = value.indexOf(';');
        return semicolon < 0 ? "" : value.substring(semicolon);
    }

    private static boolean startsWith(byte[] data, int offset, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(byte[] data, int offset, int length, byte[] needle) {
        outer:
        for (int i = offset; i <= offset + length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
