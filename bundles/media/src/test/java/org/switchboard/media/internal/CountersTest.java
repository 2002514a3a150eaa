package org.switchboard.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The small value-keeping parts: loss and jitter, sample rings, the port pool, the outgoing stream. */
class CountersTest {

    @Test
    void sequenceGapsCountAsLostAndLatePacketsCancelThem() {
        ReceptionStats stats = new ReceptionStats();
        for (int seq : new int[] {65533, 65534, 65535, 1, 2, 4, 5}) { // 0 and 3 missing, across the wrap
            stats.packet(42, seq);
        }
        assertThat(stats.lost()).isEqualTo(2);
        stats.packet(42, 3); // late
        assertThat(stats.lost()).isEqualTo(1);
        stats.packet(43, 100); // a new source starts afresh, earlier loss kept
        stats.packet(43, 102);
        assertThat(stats.lost()).isEqualTo(2);
    }

    @Test
    void jitterIsZeroForPerfectPacingAndGrowsWithIrregularArrival() {
        ReceptionStats steady = new ReceptionStats();
        ReceptionStats irregular = new ReceptionStats();
        for (int i = 0; i < 50; i++) {
            long sent = i * 20_000_000L;
            steady.arrival(sent, i * 160L, 8000);
            irregular.arrival(sent + (i % 2 == 0 ? 0 : 10_000_000L), i * 160L, 8000);
        }
        assertThat(steady.jitterMillis()).isZero();
        assertThat(irregular.jitterMillis()).isBetween(8.0, 10.5); // converges to the 10 ms swing
    }

    @Test
    void sampleRingKeepsOrderOverwritesTheOldestAndTrims() {
        SampleRing ring = new SampleRing(4);
        ring.write(new short[] {1, 2, 3}, 3);
        ring.write(new short[] {4, 5}, 2); // 1 overwritten
        short[] out = new short[4];
        assertThat(ring.read(out, 0, 4)).isEqualTo(4);
        assertThat(out).containsExactly(2, 3, 4, 5);
        ring.write(new short[] {6, 7, 8}, 3);
        ring.trimTo(1);
        assertThat(ring.read(out, 0, 4)).isEqualTo(1);
        assertThat(out[0]).isEqualTo((short) 8);
        assertThat(ring.available()).isZero();
    }

    @Test
    void portPoolHandsOutEvenPortsOldestReleasedFirstAndAppliesANewRange() {
        PortPool pool = new PortPool(20001, 20007); // 20002/3, 20004/5, 20006/7
        assertThat(pool.free()).isEqualTo(3);
        assertThat(pool.take().getAsInt()).isEqualTo(20002);
        assertThat(pool.take().getAsInt()).isEqualTo(20004);
        pool.give(20002);
        assertThat(pool.take().getAsInt()).isEqualTo(20006);
        assertThat(pool.take().getAsInt()).isEqualTo(20002);
        assertThat(pool.take()).isEmpty();

        pool.reconfigure(20004, 20009); // 20004 still in use, 20008 new
        assertThat(pool.take().getAsInt()).isEqualTo(20008);
        pool.give(20002); // outside the new range: retired
        pool.give(20004);
        assertThat(pool.take().getAsInt()).isEqualTo(20004);
        assertThat(pool.free()).isZero();
        assertThatThrownBy(() -> new PortPool(20000, 20000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outgoingStreamContinuesAcrossSourcesWithoutJumps() {
        long now = 1_000_000_000L;
        OutgoingStream stream = new OutgoingStream(now);
        ByteBuffer packet = ByteBuffer.allocate(172);
        stream.stampGenerated(packet, 0, 160, now);
        int seq = Rtp.sequence(packet);
        long ts = Rtp.timestamp(packet);
        stream.stampGenerated(packet, 0, 160, now + 20_000_000L);
        assertThat(Rtp.sequence(packet)).isEqualTo((seq + 1) & 0xFFFF);
        assertThat(Rtp.timestamp(packet)).isEqualTo((ts + 160) & Rtp.TIMESTAMP_MASK);
        assertThat(Rtp.marker(packet)).isFalse();

        // forwarded packets of another source, 20 ms later: numbers continue, the marker flags the switch
        Rtp.writeHeader(packet, false, 0, 5000, 900_000, 77);
        stream.stampForwarded(packet, now + 40_000_000L);
        assertThat(Rtp.ssrc(packet)).isEqualTo(stream.ssrc());
        assertThat(Rtp.sequence(packet)).isEqualTo((seq + 2) & 0xFFFF);
        assertThat(Rtp.timestamp(packet)).isEqualTo((ts + 320) & Rtp.TIMESTAMP_MASK);
        assertThat(Rtp.marker(packet)).isTrue();
        Rtp.writeHeader(packet, false, 0, 5002, 900_320, 77); // one lost on the way: the gap stays visible
        stream.stampForwarded(packet, now + 80_000_000L);
        assertThat(Rtp.sequence(packet)).isEqualTo((seq + 4) & 0xFFFF);
        assertThat(Rtp.timestamp(packet)).isEqualTo((ts + 640) & Rtp.TIMESTAMP_MASK);
        assertThat(Rtp.marker(packet)).isFalse();
    }
}
