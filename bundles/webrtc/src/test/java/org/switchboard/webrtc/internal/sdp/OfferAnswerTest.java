package org.switchboard.webrtc.internal.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OfferAnswerTest {

    private static final String OUR_FINGERPRINT =
            "sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";

    private final String chromium = resource("chromium-156-offer.sdp");

    @Test
    void chromiumOfferGivesCredentialsFingerprintMidAndG711Types() throws BadSdpException {
        Offer offer = Offer.parse(chromium);

        assertThat(offer.iceUfrag()).isEqualTo("lzLn");
        assertThat(offer.icePwd()).isEqualTo("I/UXvpaVa9ti4lX5zSVJ1bgJ");
        assertThat(offer.fingerprint().attributeValue()).isEqualTo("sha-256 49:2A:8A:0B:2E:8F:04:8A:29:47:E3:6C:BC:16"
                + ":C0:CD:80:FB:F2:D7:D4:7B:3E:01:44:47:4C:46:FE:5E:11:63");
        assertThat(offer.setup()).isEqualTo("actpass");
        assertThat(offer.mid()).contains("0");
        assertThat(offer.bundled()).isTrue();
        assertThat(offer.pcmu()).isEqualTo(OptionalInt.of(0));
        assertThat(offer.pcma()).isEqualTo(OptionalInt.of(8));
        // 110 is telephone-event/48000 (for Opus); G.711 needs the 8 kHz one.
        assertThat(offer.telephoneEvent()).isEqualTo(OptionalInt.of(126));
        assertThat(offer.candidates()).hasSize(8).allMatch(c -> c.startsWith("candidate:"));
    }

    @Test
    void answerIsAudioOnlyOneLawWithTheOffersTelephoneEventAndUsAsDtlsServer() throws BadSdpException {
        String answer = answer(chromium);

        assertThat(answer).startsWith("v=0\r\n").endsWith("\r\n");
        assertThat(lines(answer)).contains(
                "a=group:BUNDLE 0",
                "m=audio 10000 UDP/TLS/RTP/SAVPF 0 126",
                "c=IN IP4 127.0.0.1",
                "a=candidate:1 1 udp 2130706431 127.0.0.1 10000 typ host generation 0",
                "a=ice-ufrag:ourUfrag",
                "a=ice-pwd:ourPasswordOurPassword1",
                "a=fingerprint:" + OUR_FINGERPRINT,
                "a=setup:passive",
                "a=mid:0",
                "a=sendrecv",
                "a=rtcp-mux",
                "a=rtpmap:0 PCMU/8000",
                "a=rtpmap:126 telephone-event/8000",
                "a=ssrc:305419896 cname:switchboard-test");
        // one law only: the browser must send what the relay expects on the line's endpoint
        assertThat(answer).doesNotContain("PCMA", "opus", "G722", "a=ice-lite", "a=extmap", "m=video");
        assertThat(lines(answer).stream().filter(l -> l.startsWith("m="))).hasSize(1);
    }

    @Test
    void pcmaOnlyOfferIsAnsweredWithPcmaAndNoEventsWhenNoneOffered() throws BadSdpException {
        String offer = chromium.replace("111 63 9 0 8 13 110 126", "8")
                .replace("a=rtpmap:0 PCMU/8000\r\n", "").replace("a=rtpmap:126 telephone-event/8000\r\n", "");

        String answer = answer(offer);

        assertThat(lines(answer)).contains("m=audio 10000 UDP/TLS/RTP/SAVPF 8", "a=rtpmap:8 PCMA/8000");
        assertThat(answer).doesNotContain("PCMU", "telephone-event");
    }

    @Test
    void otherSectionsAreRejectedInTheAnswerInTheOffersOrder() throws BadSdpException {
        String offer = chromium.replace("m=audio", "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:v\r\nm=audio")
                + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:d\r\n";

        List<String> media = lines(answer(offer)).stream().filter(l -> l.startsWith("m=")).toList();

        assertThat(media).containsExactly("m=video 0 UDP/TLS/RTP/SAVPF 96", "m=audio 10000 UDP/TLS/RTP/SAVPF 0 126",
                "m=application 0 UDP/DTLS/SCTP webrtc-datachannel");
    }

    @Test
    void sessionLevelCredentialsAndFingerprintApplyToTheAudioSection() throws BadSdpException {
        String sessionLevel = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "a=ice-ufrag:abcd\r\na=ice-pwd:0123456789012345678901\r\n"
                + "a=fingerprint:sha-256 " + OUR_FINGERPRINT.substring(8) + "\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\nc=IN IP4 0.0.0.0\r\na=rtcp-mux\r\na=setup:active\r\n";

        Offer offer = Offer.parse(sessionLevel);

        assertThat(offer.iceUfrag()).isEqualTo("abcd");
        assertThat(offer.fingerprint().attributeValue()).isEqualTo(OUR_FINGERPRINT);
        assertThat(offer.pcmu()).isEqualTo(OptionalInt.of(0));
        assertThat(offer.mid()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not SDP                 | bad-sdp            | <html>",
        "no audio section        | no-audio           | m=audio~m=video",
        "audio rejected          | no-audio           | m=audio 41334~m=audio 0",
        "no ice-ufrag            | no-ice-credentials | a=ice-ufrag:lzLn~",
        "no ice-pwd              | no-ice-credentials | a=ice-pwd:I/UXvpaVa9ti4lX5zSVJ1bgJ~",
        "no fingerprint          | no-fingerprint     | a=fingerprint:~a=x-fingerprint:",
        "sha-1 fingerprint       | no-fingerprint     | a=fingerprint:sha-256 49:2A~a=fingerprint:sha-1 49:2A",
        "short fingerprint       | no-fingerprint     | :11:63~",
        "no rtcp-mux             | no-rtcp-mux        | a=rtcp-mux~",
        "we would be DTLS client | bad-setup          | a=setup:actpass~a=setup:passive",
        "opus only               | no-common-codec    | 111 63 9 0 8 13 110 126~111",
        "bad payload type        | bad-sdp            | 111 63 9 0 8~111 63 x 0 8",
    })
    void unanswerableOffersFailWithAReasonCode(String what, String reason, String edit) {
        String offer = edit.equals("<html>") ? "<html></html>" : chromium.replace(edit.split("~", -1)[0],
                edit.split("~", -1)[1]);

        assertThatThrownBy(() -> Offer.parse(offer))
                .isInstanceOf(BadSdpException.class)
                .satisfies(e -> assertThat(((BadSdpException) e).reason()).isEqualTo(reason));
    }

    private static String answer(String offerSdp) throws BadSdpException {
        return new Answer(Offer.parse(offerSdp), "ourUfrag", "ourPasswordOurPassword1",
                Fingerprint.parse(OUR_FINGERPRINT), "1", 2130706431L,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 10000), 0x12345678L, "switchboard-test")
                .toSdp();
    }

    private static List<String> lines(String sdp) {
        return List.of(sdp.split("\r\n"));
    }

    private static String resource(String name) {
        try (InputStream in = OfferAnswerTest.class.getResourceAsStream(name)) {
            // The captured offer has \n line ends; browsers send \r\n.
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
