package org.switchboard.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.switchboard.api.media.Codec;
import org.switchboard.api.media.MediaEndpoint;

class SdpTest {
    private static final String PHONE = """
            v=0
            o=- 3 3 IN IP4 10.0.0.7
            s=-
            c=IN IP4 10.0.0.7
            t=0 0
            m=audio 4000 RTP/AVP 9 8 0 18 101
            a=rtpmap:9 G722/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:0 PCMU/8000
            a=rtpmap:18 G729/8000
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-15
            m=video 4002 RTP/AVP 96
            """;

    @Test
    void phoneOfferGivesItsAddressG711InItsOrderAndTelephoneEvent() {
        Sdp.Announced announced = Sdp.parse(PHONE);

        assertThat(announced.address()).isEqualTo(new InetSocketAddress("10.0.0.7", 4000));
        assertThat(announced.codecs()).containsExactly(Codec.PCMA, Codec.PCMU);
        assertThat(announced.preferred()).contains(Codec.PCMA);
        assertThat(announced.telephoneEvent()).isEqualTo(OptionalInt.of(101));
        assertThat(announced.onHold()).isFalse();
    }

    @Test
    void staticPayloadTypesNeedNoRtpmapAndMediaConnectionWinsOverSession() {
        Sdp.Announced announced = Sdp.parse("v=0\r\nc=IN IP4 192.0.2.1\r\nm=audio 5000 RTP/AVP 0\r\n"
                + "c=IN IP4 192.0.2.9\r\na=sendonly\r\n");

        assertThat(announced.address()).isEqualTo(new InetSocketAddress("192.0.2.9", 5000));
        assertThat(announced.codecs()).containsExactly(Codec.PCMU);
        assertThat(announced.telephoneEvent()).isEmpty();
        assertThat(announced.onHold()).isTrue();
    }

    /** A phone's re-INVITE: PCMU at 10.0.0.7:4000 with the given connection address and attribute lines. */
    private static Sdp.Announced reinvite(String connection, String attributes) {
        return Sdp.parse("v=0\r\no=- 3 4 IN IP4 10.0.0.7\r\ns=-\r\nc=IN IP4 " + connection + "\r\nt=0 0\r\n"
                + "m=audio 4000 RTP/AVP 0\r\n" + attributes);
    }

    @Test
    void inactiveIsHoldAndIsAnsweredInactive() {
        Sdp.Announced announced = reinvite("10.0.0.7", "a=inactive\r\n");

        assertThat(announced.direction()).isEqualTo(Sdp.Direction.INACTIVE);
        assertThat(announced.onHold()).isTrue();
        assertThat(announced.direction().answer()).isEqualTo(Sdp.Direction.INACTIVE);
    }

    @Test
    void sendonlyIsHoldAndIsAnsweredRecvonly() {
        Sdp.Announced announced = reinvite("10.0.0.7", "a=sendonly\r\n");

        assertThat(announced.direction()).isEqualTo(Sdp.Direction.SENDONLY);
        assertThat(announced.onHold()).isTrue();
        assertThat(announced.direction().answer()).isEqualTo(Sdp.Direction.RECVONLY);
    }

    @Test
    void recvonlyIsNoHoldTheyStillListenAndIsAnsweredSendonly() {
        Sdp.Announced announced = reinvite("10.0.0.7", "a=recvonly\r\n");

        assertThat(announced.direction()).isEqualTo(Sdp.Direction.RECVONLY);
        assertThat(announced.onHold()).isFalse();
        assertThat(announced.direction().answer()).isEqualTo(Sdp.Direction.SENDONLY);
    }

    @Test
    void rfc2543HoldAddressIsHoldEvenWithSendrecv() {
        Sdp.Announced held = reinvite("0.0.0.0", "");
        Sdp.Announced heldSaidSendrecv = reinvite("0.0.0.0", "a=sendrecv\r\n");

        assertThat(held.onHold()).isTrue();
        assertThat(held.direction()).isEqualTo(Sdp.Direction.SENDRECV);
        assertThat(held.address().getAddress().isAnyLocalAddress()).isTrue();
        assertThat(heldSaidSendrecv.onHold()).isTrue();
        assertThat(held.reachable()).isFalse();
        assertThat(reinvite("10.0.0.7", "a=sendrecv\r\n").onHold()).isFalse();
        assertThat(reinvite("10.0.0.7", "a=inactive\r\n").reachable()).isTrue();
    }

    @Test
    void offersWithoutG711OrAudioOrAddressAreRefused() {
        assertThatThrownBy(() -> Sdp.parse("v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 18\r\n"
                + "a=rtpmap:18 G729/8000\r\n")).hasMessageContaining("G.711");
        assertThatThrownBy(() -> Sdp.parse("v=0\r\nc=IN IP4 10.0.0.1\r\nm=video 4000 RTP/AVP 96\r\n"))
                .hasMessageContaining("audio");
        assertThatThrownBy(() -> Sdp.parse("v=0\r\nm=audio 4000 RTP/AVP 0\r\n")).hasMessageContaining("connection");
        assertThatThrownBy(() -> Sdp.parse("v=0\r\nc=IN IP4 evil.example\r\nm=audio 4000 RTP/AVP 0\r\n"))
                .hasMessageContaining("address");
    }

    @Test
    void ourOfferAndAnswerPointAtTheLegsEndpoint() throws Exception {
        MediaEndpoint endpoint = new MediaEndpoint(UUID.randomUUID(), UUID.randomUUID(),
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 20002));

        String offer = Sdp.offer(endpoint, 1);
        String answer = Sdp.answer(endpoint, Codec.PCMA, OptionalInt.of(96), 2);

        assertThat(offer).contains("c=IN IP4 127.0.0.1\r\n").contains("m=audio 20002 RTP/AVP 0 8 101\r\n")
                .contains("a=rtpmap:101 telephone-event/8000\r\n").startsWith("v=0\r\n");
        assertThat(answer).contains("m=audio 20002 RTP/AVP 8 96\r\n").contains("a=rtpmap:8 PCMA/8000\r\n")
                .contains("a=rtpmap:96 telephone-event/8000\r\n").doesNotContain("PCMU");
        // what we write, we can read
        assertThat(Sdp.parse(answer).address()).isEqualTo(endpoint.local());
        assertThat(Sdp.parse(offer).codecs()).containsExactly(Codec.PCMU, Codec.PCMA);
    }
}
