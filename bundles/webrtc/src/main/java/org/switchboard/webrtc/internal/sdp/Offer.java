package org.switchboard.webrtc.internal.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the phone line needs from the browser's offer: the first audio section's ICE
 * credentials, DTLS fingerprint and role, mid, and the G.711 and telephone-event payload types.
 */
public record Offer(
        String iceUfrag,
        String icePwd,
        Fingerprint fingerprint,
        String setup,
        Optional<String> mid,
        boolean bundled,
        String proto,
        OptionalInt pcmu,
        OptionalInt pcma,
        OptionalInt telephoneEvent,
        List<String> candidates,
        List<RejectedSection> otherSections) {

    /** Any other m= section; the answer must list it too, rejected (port 0). */
    public record RejectedSection(int index, String media, String proto, String format, Optional<String> mid) { }

    public Offer {
        candidates = List.copyOf(candidates);
        otherSections = List.copyOf(otherSections);
    }

    /** Position of the audio section among the offer's m= sections. */
    public int audioIndex() {
        int index = 0;
        for (RejectedSection other : otherSections) {
            if (other.index() == index) {
                index++;
            }
        }
        return index;
    }

    /** Parses a browser's SDP offer; every way it cannot be answered is a {@link BadSdpException}. */
    public static Offer parse(String sdp) throws BadSdpException {
        List<SdpSection> sections = SdpSection.split(sdp);
        SdpSection session = sections.get(0);
        SdpSection audio = null;
        List<RejectedSection> others = new ArrayList<>();
        for (int i = 1; i < sections.size(); i++) {
            SdpSection section = sections.get(i);
            String[] fields = section.mediaFields();
            // Only the first audio section is answered; any other one is rejected in the answer.
            if (audio == null && fields[0].equals("audio")) {
                audio = section;
            } else {
                others.add(new RejectedSection(i - 1, fields[0], fields[2], fields[3], section.first("mid")));
            }
        }
        if (audio == null) {
            throw new BadSdpException("no-audio", "the offer has no audio section");
        }
        String[] fields = audio.mediaFields();
        if (fields[1].equals("0")) {
            throw new BadSdpException("no-audio", "the audio section is rejected (port 0)");
        }

        String ufrag = attribute(audio, session, "ice-ufrag");
        String pwd = attribute(audio, session, "ice-pwd");
        if (ufrag == null || pwd == null || ufrag.isEmpty() || pwd.isEmpty()) {
            throw new BadSdpException("no-ice-credentials", "a=ice-ufrag or a=ice-pwd missing");
        }
        String fingerprint = attribute(audio, session, "fingerprint");
        if (fingerprint == null) {
            throw new BadSdpException("no-fingerprint", "a=fingerprint missing");
        }
        if (!audio.has("rtcp-mux")) {
            throw new BadSdpException("no-rtcp-mux", "a=rtcp-mux missing");
        }
        String setup = attribute(audio, session, "setup");
        // We are the DTLS server, so the browser must be willing to be the client.
        if (setup != null && !setup.equals("actpass") && !setup.equals("active")) {
            throw new BadSdpException("bad-setup", "a=setup:" + setup + " leaves us no DTLS server role");
        }

        List<Integer> formats = new ArrayList<>();
        for (int i = 3; i < fields.length; i++) {
            formats.add(payloadType(fields[i]));
        }
        Codecs codecs = Codecs.of(audio.all("rtpmap"), formats);
        if (codecs.pcmu().isEmpty() && codecs.pcma().isEmpty()) {
            throw new BadSdpException("no-common-codec", "neither PCMU nor PCMA offered");
        }

        boolean bundled = session.first("group").filter(g -> g.startsWith("BUNDLE")).isPresent();
        List<String> candidates = audio.all("candidate").stream().map(c -> "candidate:" + c).toList();
        return new Offer(ufrag, pwd, Fingerprint.parse(fingerprint), setup == null ? "actpass" : setup,
                audio.first("mid"), bundled, fields[2], codecs.pcmu(), codecs.pcma(), codecs.telephoneEvent(),
                candidates, others);
    }

    /** The media-level attribute, else the session-level one (RFC 8839, RFC 8122). */
    private static String attribute(SdpSection media, SdpSection session, String name) {
        return media.first(name).or(() -> session.first(name)).orElse(null);
    }

    /** The payload types of the codecs we use, among those in the m= line. */
    private record Codecs(OptionalInt pcmu, OptionalInt pcma, OptionalInt telephoneEvent) {

        static Codecs of(List<String> rtpmaps, List<Integer> formats) throws BadSdpException {
            // Static payload types count even without an rtpmap (RFC 3551).
            Integer pcmu = formats.contains(0) ? 0 : null;
            Integer pcma = formats.contains(8) ? 8 : null;
            Integer events = null;
            for (String rtpmap : rtpmaps) {
                String[] parts = rtpmap.split("\\s+", 2);
                if (parts.length < 2) {
                    throw new BadSdpException("bad-sdp", "malformed rtpmap");
                }
                int pt = payloadType(parts[0]);
                String encoding = parts[1].toLowerCase(Locale.ROOT);
                if (encoding.startsWith("pcmu/8000")) {
                    pcmu = pt;
                } else if (encoding.startsWith("pcma/8000")) {
                    pcma = pt;
                } else if (encoding.startsWith("telephone-event/8000") && events == null) {
                    // Browsers also offer telephone-event/48000 for Opus; G.711 needs the 8 kHz one.
                    events = pt;
                }
            }
            return new Codecs(offered(pcmu, formats), offered(pcma, formats), offered(events, formats));
        }

        private static OptionalInt offered(Integer payloadType, List<Integer> formats) {
            return payloadType != null && formats.contains(payloadType)
                    ? OptionalInt.of(payloadType) : OptionalInt.empty();
        }
    }

    private static int payloadType(String text) throws BadSdpException {
        try {
            int pt = Integer.parseInt(text.strip());
            if (pt < 0 || pt > 127) {
                throw new BadSdpException("bad-sdp", "payload type out of range");
            }
            return pt;
        } catch (NumberFormatException e) {
            throw new BadSdpException("bad-sdp", "payload type is not a number");
        }
    }
}
