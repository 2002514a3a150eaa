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
        if (sdp == null || !sdp.startsWith("v=0")) {
            throw new BadSdpException("bad-sdp", "not an SDP session description");
        }
        String sessionUfrag = null;
        String sessionPwd = null;
        String sessionFingerprint = null;
        String sessionSetup = null;
        boolean bundled = false;
        boolean inAudio = false;
        boolean audioSeen = false;
        boolean inSession = true;
        String ufrag = null;
        String pwd = null;
        String fingerprint = null;
        String setup = null;
        String mid = null;
        String proto = null;
        boolean rtcpMux = false;
        List<Integer> formats = List.of();
        Integer pcmu = null;
        Integer pcma = null;
        Integer telephoneEvent = null;
        List<String> candidates = new ArrayList<>();
        List<RejectedSection> others = new ArrayList<>();
        int sectionIndex = -1;
        String otherMedia = null;
        String otherProto = null;
        String otherFormat = null;
        String otherMid = null;

        for (String raw : sdp.split("\r?\n")) {
            String line = raw.strip();
            if (line.length() < 2 || line.charAt(1) != '=') {
                if (!line.isEmpty()) {
                    throw new BadSdpException("bad-sdp", "malformed line");
                }
                continue;
            }
            if (line.startsWith("m=")) {
                inSession = false;
                if (otherMedia != null) {
                    others.add(new RejectedSection(sectionIndex, otherMedia, otherProto, otherFormat,
                            Optional.ofNullable(otherMid)));
                    otherMedia = null;
                }
                sectionIndex++;
                // Only the first audio section is answered; any other section is rejected in the answer.
                inAudio = line.startsWith("m=audio ") && !audioSeen;
                if (!inAudio) {
                    String[] parts = line.substring(2).split(" ");
                    if (parts.length < 4) {
                        throw new BadSdpException("bad-sdp", "malformed m= line");
                    }
                    otherMedia = parts[0];
                    otherProto = parts[2];
                    otherFormat = parts[3];
                    otherMid = null;
                } else {
                    audioSeen = true;
                    String[] parts = line.substring(2).split(" ");
                    if (parts.length < 4) {
                        throw new BadSdpException("bad-sdp", "malformed m=audio line");
                    }
                    if (parts[1].equals("0")) {
                        throw new BadSdpException("no-audio", "the audio section is rejected (port 0)");
                    }
                    proto = parts[2];
                    List<Integer> fmts = new ArrayList<>();
                    for (int i = 3; i < parts.length; i++) {
                        fmts.add(payloadType(parts[i]));
                    }
                    formats = fmts;
                }
                continue;
            }
            if (!line.startsWith("a=")) {
                continue;
            }
            String attribute = line.substring(2);
            String name = attribute;
            String value = "";
            int colon = attribute.indexOf(':');
            if (colon >= 0) {
                name = attribute.substring(0, colon);
                value = attribute.substring(colon + 1).strip();
            }
            if (inSession) {
                switch (name) {
                    case "ice-ufrag" -> sessionUfrag = value;
                    case "ice-pwd" -> sessionPwd = value;
                    case "fingerprint" -> sessionFingerprint = value;
                    case "setup" -> sessionSetup = value;
                    case "group" -> bundled = value.startsWith("BUNDLE");
                    default -> { }
                }
                continue;
            }
            if (!inAudio) {
                if (name.equals("mid")) {
                    otherMid = value;
                }
                continue;
            }
            switch (name) {
                case "ice-ufrag" -> ufrag = value;
                case "ice-pwd" -> pwd = value;
                case "fingerprint" -> fingerprint = value;
                case "setup" -> setup = value;
                case "mid" -> mid = value;
                case "rtcp-mux" -> rtcpMux = true;
                case "candidate" -> candidates.add("candidate:" + value);
                case "rtpmap" -> {
                    String[] parts = value.split("\\s+", 2);
                    if (parts.length < 2) {
                        throw new BadSdpException("bad-sdp", "malformed rtpmap");
                    }
                    int pt = payloadType(parts[0]);
                    String encoding = parts[1].toLowerCase(Locale.ROOT);
                    if (encoding.startsWith("pcmu/8000")) {
                        pcmu = pt;
                    } else if (encoding.startsWith("pcma/8000")) {
                        pcma = pt;
                    } else if (encoding.startsWith("telephone-event/8000") && telephoneEvent == null) {
                        telephoneEvent = pt;
                    }
                }
                default -> { }
            }
        }

        if (otherMedia != null) {
            others.add(new RejectedSection(sectionIndex, otherMedia, otherProto, otherFormat,
                    Optional.ofNullable(otherMid)));
        }
        if (!audioSeen) {
            throw new BadSdpException("no-audio", "the offer has no audio section");
        }
        ufrag = ufrag != null ? ufrag : sessionUfrag;
        pwd = pwd != null ? pwd : sessionPwd;
        fingerprint = fingerprint != null ? fingerprint : sessionFingerprint;
        setup = setup != null ? setup : sessionSetup;
        if (ufrag == null || pwd == null || ufrag.isEmpty() || pwd.isEmpty()) {
            throw new BadSdpException("no-ice-credentials", "a=ice-ufrag or a=ice-pwd missing");
        }
        if (fingerprint == null) {
            throw new BadSdpException("no-fingerprint", "a=fingerprint missing");
        }
        if (!rtcpMux) {
            throw new BadSdpException("no-rtcp-mux", "a=rtcp-mux missing");
        }
        // We are the DTLS server, so the browser must be willing to be the client.
        if (setup != null && !setup.equals("actpass") && !setup.equals("active")) {
            throw new BadSdpException("bad-setup", "a=setup:" + setup + " leaves us no DTLS server role");
        }
        // Static payload types count even without an rtpmap (RFC 3551).
        if (pcmu == null && formats.contains(0)) {
            pcmu = 0;
        }
        if (pcma == null && formats.contains(8)) {
            pcma = 8;
        }
        OptionalInt offeredPcmu = offered(pcmu, formats);
        OptionalInt offeredPcma = offered(pcma, formats);
        if (offeredPcmu.isEmpty() && offeredPcma.isEmpty()) {
            throw new BadSdpException("no-common-codec", "neither PCMU nor PCMA offered");
        }
        return new Offer(ufrag, pwd, Fingerprint.parse(fingerprint), setup == null ? "actpass" : setup,
                Optional.ofNullable(mid), bundled, proto, offeredPcmu, offeredPcma,
                offered(telephoneEvent, formats), candidates, others);
    }

    private static OptionalInt offered(Integer payloadType, List<Integer> formats) {
        return payloadType != null && formats.contains(payloadType) ? OptionalInt.of(payloadType) : OptionalInt.empty();
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
