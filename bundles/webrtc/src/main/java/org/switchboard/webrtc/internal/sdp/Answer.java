package org.switchboard.webrtc.internal.sdp;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Our answer to a browser's offer: audio only, one G.711 law (PCMU if offered, else PCMA) so the
 * browser sends exactly what the media relay expects on the line's endpoint, the
 * offer's telephone-event type, rtcp-mux, DTLS passive (we are the DTLS server), one host
 * candidate on the shared ICE port and one outgoing SSRC for the whole life of the line.
 */
public record Answer(
        Offer offer,
        String iceUfrag,
        String icePwd,
        Fingerprint fingerprint,
        String candidateFoundation,
        long candidatePriority,
        InetSocketAddress icePort,
        long ssrc,
        String cname) {

    /** The audio payload type we accept (PCMU if offered, else PCMA), then telephone-event. */
    public List<Integer> payloadTypes() {
        List<Integer> types = new ArrayList<>();
        types.add(offer.pcmu().orElseGet(() -> offer.pcma().orElseThrow()));
        offer.telephoneEvent().ifPresent(types::add);
        return types;
    }

    public String toSdp() {
        String ip = icePort.getAddress().getHostAddress();
        String ipVersion = icePort.getAddress() instanceof java.net.Inet6Address ? "IP6" : "IP4";
        int port = icePort.getPort();
        StringBuilder sdp = new StringBuilder(1024);
        line(sdp, "v=0");
        line(sdp, "o=- " + (ssrc & 0x7FFFFFFFL) + " 2 IN " + ipVersion + " " + ip);
        line(sdp, "s=-");
        line(sdp, "t=0 0");
        offer.mid().filter(m -> offer.bundled()).ifPresent(m -> line(sdp, "a=group:BUNDLE " + m));
        line(sdp, "a=msid-semantic: WMS switchboard");
        // m= sections keep the offer's order (RFC 3264): rejected ones before audio, audio, the rest.
        offer.otherSections().stream().filter(o -> o.index() < offer.audioIndex()).forEach(o -> rejected(sdp, o));
        List<Integer> types = payloadTypes();
        StringBuilder m = new StringBuilder("m=audio ").append(port).append(' ').append(offer.proto());
        types.forEach(pt -> m.append(' ').append(pt));
        line(sdp, m.toString());
        line(sdp, "c=IN " + ipVersion + " " + ip);
        line(sdp, "a=rtcp:" + port + " IN " + ipVersion + " " + ip);
        line(sdp, "a=candidate:" + candidateFoundation + " 1 udp " + candidatePriority + " " + ip + " " + port
                + " typ host generation 0");
        line(sdp, "a=end-of-candidates");
        line(sdp, "a=ice-ufrag:" + iceUfrag);
        line(sdp, "a=ice-pwd:" + icePwd);
        line(sdp, "a=fingerprint:" + fingerprint.attributeValue());
        line(sdp, "a=setup:passive");
        offer.mid().ifPresent(mid -> line(sdp, "a=mid:" + mid));
        line(sdp, "a=sendrecv");
        line(sdp, "a=rtcp-mux");
        for (int pt : types) {
            if (offer.telephoneEvent().equals(OptionalInt.of(pt))) {
                line(sdp, "a=rtpmap:" + pt + " telephone-event/8000");
                line(sdp, "a=fmtp:" + pt + " 0-15");
            } else {
                line(sdp, "a=rtpmap:" + pt + (offer.pcmu().equals(OptionalInt.of(pt)) ? " PCMU/8000" : " PCMA/8000"));
            }
        }
        line(sdp, "a=ptime:20");
        line(sdp, "a=msid:switchboard phone");
        line(sdp, "a=ssrc:" + ssrc + " cname:" + cname);
        line(sdp, "a=ssrc:" + ssrc + " msid:switchboard phone");
        offer.otherSections().stream().filter(o -> o.index() > offer.audioIndex()).forEach(o -> rejected(sdp, o));
        return sdp.toString();
    }

    private static void rejected(StringBuilder sdp, Offer.RejectedSection section) {
        line(sdp, "m=" + section.media() + " 0 " + section.proto() + " " + section.format());
        line(sdp, "c=IN IP4 0.0.0.0");
        section.mid().ifPresent(mid -> line(sdp, "a=mid:" + mid));
        line(sdp, "a=inactive");
    }

    private static void line(StringBuilder sdp, String line) {
        sdp.append(line).append("\r\n");
    }
}
