package org.switchboard.webrtc.internal.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutgoingStreamTest {

    private static final long MS = 1_000_000L;

    private final OutgoingStream stream = new OutgoingStream(0xCAFEBABEL, 65534, 0xFFFFFF00L);

    @Test
    void firstPacketCarriesOurSsrcAndStartingNumbersWithTheMarker() {
        byte[] packet = rtp(0x11111111L, 500, 90_000);

        stream.rewrite(packet, 0, 0);

        assertThat(Rtp.ssrc(packet, 0)).isEqualTo(0xCAFEBABEL);
        assertThat(Rtp.sequence(packet, 0)).isEqualTo(65534);
        assertThat(Rtp.timestamp(packet, 0)).isEqualTo(0xFFFFFF00L);
        assertThat(packet[1] & 0x80).isEqualTo(0x80);
    }

    @Test
    void numbersKeepTheirSpacingWithinOneSourceAcrossWrapAround() {
        stream.rewrite(rtp(0x11111111L, 500, 90_000), 0, 0);
        byte[] next = rtp(0x11111111L, 501, 90_160);
        byte[] afterALoss = rtp(0x11111111L, 504, 90_640);

        stream.rewrite(next, 0, 20 * MS);
        stream.rewrite(afterALoss, 0, 80 * MS);

        assertThat(Rtp.sequence(next, 0)).isEqualTo(65535);
        assertThat(Rtp.sequence(afterALoss, 0)).isEqualTo(2);
        assertThat(Rtp.timestamp(next, 0)).isEqualTo(0xFFFFFFA0L);
        assertThat(Rtp.timestamp(afterALoss, 0)).isEqualTo((0xFFFFFF00L + 640) & 0xFFFFFFFFL);
        assertThat(next[1] & 0x80).isZero();
    }

    @Test
    void aNewPeerContinuesTheStreamWithoutAJump() {
        stream.rewrite(rtp(0x11111111L, 500, 90_000), 0, 0);
        byte[] last = rtp(0x11111111L, 501, 90_160);
        stream.rewrite(last, 0, 20 * MS);

        // Another call's endpoint, 100 ms later, with unrelated numbers and the same payload type.
        stream.sourceChanged();
        byte[] first = rtp(0x22222222L, 7, 3_000_000_000L);
        stream.rewrite(first, 0, 120 * MS);
        byte[] second = rtp(0x22222222L, 8, 3_000_000_160L);
        stream.rewrite(second, 0, 140 * MS);

        assertThat(Rtp.ssrc(first, 0)).isEqualTo(0xCAFEBABEL);
        assertThat(Rtp.sequence(first, 0)).isEqualTo((Rtp.sequence(last, 0) + 1) & 0xFFFF);
        assertThat(Rtp.timestamp(first, 0) - Rtp.timestamp(last, 0) & 0xFFFFFFFFL).isEqualTo(800);
        assertThat(first[1] & 0x80).isEqualTo(0x80);
        assertThat(Rtp.sequence(second, 0)).isEqualTo((Rtp.sequence(first, 0) + 1) & 0xFFFF);
        assertThat(Rtp.timestamp(second, 0) - Rtp.timestamp(first, 0)).isEqualTo(160);
        assertThat(Rtp.payloadType(second, 0)).isZero();
    }

    @Test
    void aPeerThatReusesTheOldSsrcIsStillANewSource() {
        stream.rewrite(rtp(0x11111111L, 500, 90_000), 0, 0);
        byte[] last = rtp(0x11111111L, 501, 90_160);
        stream.rewrite(last, 0, 20 * MS);

        stream.sourceChanged();
        byte[] first = rtp(0x11111111L, 10, 5);
        stream.rewrite(first, 0, 40 * MS);

        assertThat(Rtp.sequence(first, 0)).isEqualTo((Rtp.sequence(last, 0) + 1) & 0xFFFF);
        assertThat(Rtp.timestamp(first, 0) - Rtp.timestamp(last, 0) & 0xFFFFFFFFL).isEqualTo(160);
    }

    private static byte[] rtp(long ssrc, int sequence, long timestamp) {
        byte[] packet = new byte[12 + 160];
        packet[0] = (byte) 0x80;
        Rtp.writeSequence(packet, 0, sequence);
        Rtp.writeTimestamp(packet, 0, timestamp);
        Rtp.writeSsrc(packet, 0, ssrc);
        return packet;
    }
}
