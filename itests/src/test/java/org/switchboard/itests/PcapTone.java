package org.switchboard.itests;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A pcap file of RTP packets carrying a sine tone in PCMU (payload type 0), 20 ms a packet, for a
 * SIPp phone to play with {@code play_pcap_audio}: Ethernet, IPv4 and UDP headers as SIPp expects
 * them (it takes only the RTP part and sends it to the far end's SDP address).
 */
final class PcapTone {
    static final int RATE = 8000;
    private static final int SAMPLES_PER_PACKET = 160;
    private static final int RTP_HEADER = 12;
    private static final int UDP_HEADER = 8;
    private static final int IP_HEADER = 20;
    private static final int ETHERNET_HEADER = 14;
    /** SIPp plays nothing from a capture whose packets are stamped at time 0: stamp them in 2023. */
    private static final long EPOCH_SECONDS = 1_700_000_000L;

    private PcapTone() {}

    /** Writes {@code seconds} of a {@code frequency} tone at {@code amplitude} (0..1 of full scale). */
    static Path write(Path file, double frequency, double seconds, double amplitude) throws IOException {
        int packets = (int) Math.round(seconds * RATE / SAMPLES_PER_PACKET);
        int frame = ETHERNET_HEADER + IP_HEADER + UDP_HEADER + RTP_HEADER + SAMPLES_PER_PACKET;
        ByteBuffer out = ByteBuffer.allocate(24 + packets * (16 + frame)).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        for (int p = 0; p < packets; p++) {
            long micros = p * 20_000L;
            out.order(ByteOrder.LITTLE_ENDIAN).putInt((int) (EPOCH_SECONDS + micros / 1_000_000)).putInt((int) (micros % 1_000_000))
                    .putInt(frame).putInt(frame);
            out.order(ByteOrder.BIG_ENDIAN);
            // Ethernet: two made-up MACs, IPv4
            out.put(new byte[] {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6}).putShort((short) 0x0800);
            // IPv4 127.0.0.1 -> 127.0.0.1, UDP
            out.put((byte) 0x45).put((byte) 0).putShort((short) (frame - ETHERNET_HEADER)).putShort((short) p)
                    .putShort((short) 0x4000).put((byte) 64).put((byte) 17).putShort((short) 0)
                    .putInt(0x7f000001).putInt(0x7f000001);
            out.putShort((short) 40000).putShort((short) 40002)
                    .putShort((short) (UDP_HEADER + RTP_HEADER + SAMPLES_PER_PACKET)).putShort((short) 0);
            // RTP: version 2, PCMU, marker on the first packet
            out.put((byte) 0x80).put((byte) (p == 0 ? 0x80 : 0x00)).putShort((short) p)
                    .putInt(p * SAMPLES_PER_PACKET).putInt(0x5EED7011);
            for (int i = 0; i < SAMPLES_PER_PACKET; i++) {
                int n = p * SAMPLES_PER_PACKET + i;
                double sample = amplitude * Short.MAX_VALUE * Math.sin(2 * Math.PI * frequency * n / RATE);
                out.put(ulaw((int) Math.round(sample)));
            }
        }
        Files.write(file, out.array());
        return file;
    }

    /** G.711 mu-law encoding of a 16-bit sample. */
    static byte ulaw(int sample) {
        final int bias = 0x84;
        final int clip = 32635;
        int sign = sample < 0 ? 0x80 : 0;
        int magnitude = Math.min(clip, Math.abs(sample)) + bias;
        int exponent = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }
}
