package org.switchboard.media.internal;

import java.nio.ByteBuffer;
import org.switchboard.api.media.Codec;

/**
 * ITU-T G.711 µ-law and A-law, table-driven. The tables are built once from the reference
 * algorithm (as in the ITU G.191 / Sun g711.c code): encoding indexes the 14-bit (µ-law) or
 * 13-bit (A-law) linear value, decoding and µ-law ↔ A-law conversion index the code byte.
 * Linear samples are 16-bit two's complement.
 */
final class G711 {
    static final byte ULAW_SILENCE = (byte) 0xFF;
    static final byte ALAW_SILENCE = (byte) 0xD5;

    private static final int ULAW_BIAS = 0x84;
    private static final int ULAW_CLIP = 8159;
    private static final short[] ULAW_SEGMENT_END = {0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF};
    private static final short[] ALAW_SEGMENT_END = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};

    private static final short[] ULAW_DECODE = new short[256];
    private static final short[] ALAW_DECODE = new short[256];
    /** Indexed by {@code (linear >> 2) + 8192}. */
    private static final byte[] ULAW_ENCODE = new byte[1 << 14];
    /** Indexed by {@code (linear >> 3) + 4096}. */
    private static final byte[] ALAW_ENCODE = new byte[1 << 13];
    private static final byte[] ULAW_TO_ALAW = new byte[256];
    private static final byte[] ALAW_TO_ULAW = new byte[256];

    static {
        for (int code = 0; code < 256; code++) {
            ULAW_DECODE[code] = (short) ulawToLinearReference(code);
            ALAW_DECODE[code] = (short) alawToLinearReference(code);
        }
        for (int i = 0; i < ULAW_ENCODE.length; i++) {
            ULAW_ENCODE[i] = (byte) linearToUlawReference((i - 8192) << 2);
        }
        for (int i = 0; i < ALAW_ENCODE.length; i++) {
            ALAW_ENCODE[i] = (byte) linearToAlawReference((i - 4096) << 3);
        }
        for (int code = 0; code < 256; code++) {
            ULAW_TO_ALAW[code] = encodeAlaw(ULAW_DECODE[code]);
            ALAW_TO_ULAW[code] = encodeUlaw(ALAW_DECODE[code]);
        }
    }

    private G711() {}

    static short decodeUlaw(int code) {
        return ULAW_DECODE[code & 0xFF];
    }

    static short decodeAlaw(int code) {
        return ALAW_DECODE[code & 0xFF];
    }

    static byte encodeUlaw(int linear) {
        return ULAW_ENCODE[(linear >> 2) + 8192];
    }

    static byte encodeAlaw(int linear) {
        return ALAW_ENCODE[(linear >> 3) + 4096];
    }

    static byte ulawToAlaw(int code) {
        return ULAW_TO_ALAW[code & 0xFF];
    }

    static byte alawToUlaw(int code) {
        return ALAW_TO_ULAW[code & 0xFF];
    }

    static byte silence(Codec codec) {
        return codec == Codec.PCMA ? ALAW_SILENCE : ULAW_SILENCE;
    }

    /** Decodes {@code length} payload bytes at {@code offset} (absolute) into {@code pcm}. */
    static void decode(Codec codec, ByteBuffer packet, int offset, int length, short[] pcm) {
        short[] table = codec == Codec.PCMA ? ALAW_DECODE : ULAW_DECODE;
        for (int i = 0; i < length; i++) {
            pcm[i] = table[packet.get(offset + i) & 0xFF];
        }
    }

    /** Encodes {@code length} samples into the buffer at {@code offset} (absolute). */
    static void encode(Codec codec, short[] pcm, int length, ByteBuffer packet, int offset) {
        if (codec == Codec.PCMA) {
            for (int i = 0; i < length; i++) {
                packet.put(offset + i, ALAW_ENCODE[(pcm[i] >> 3) + 4096]);
            }
        } else {
            for (int i = 0; i < length; i++) {
                packet.put(offset + i, ULAW_ENCODE[(pcm[i] >> 2) + 8192]);
            }
        }
    }

    /** Converts a payload in place between the two laws (a no-op when they are the same). */
    static void transcode(Codec from, Codec to, ByteBuffer packet, int offset, int length) {
        if (from == to) {
            return;
        }
        byte[] table = from == Codec.PCMU ? ULAW_TO_ALAW : ALAW_TO_ULAW;
        for (int i = offset, end = offset + length; i < end; i++) {
            packet.put(i, table[packet.get(i) & 0xFF]);
        }
    }

    // --- reference algorithms, used only to fill the tables -------------------------------

    private static int segment(int value, short[] ends) {
        for (int i = 0; i < ends.length; i++) {
            if (value <= ends[i]) {
                return i;
            }
        }
        return ends.length;
    }

    private static int linearToUlawReference(int linear) {
        int value = linear >> 2;
        int mask;
        if (value < 0) {
            value = -value;
            mask = 0x7F;
        } else {
            mask = 0xFF;
        }
        if (value > ULAW_CLIP) {
            value = ULAW_CLIP;
        }
        value += ULAW_BIAS >> 2;
        int segment = segment(value, ULAW_SEGMENT_END);
        if (segment >= 8) {
            return 0x7F ^ mask;
        }
        return ((segment << 4) | ((value >> (segment + 1)) & 0x0F)) ^ mask;
    }

    private static int ulawToLinearReference(int code) {
        int u = ~code & 0xFF;
        int t = ((u & 0x0F) << 3) + ULAW_BIAS;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? ULAW_BIAS - t : t - ULAW_BIAS;
    }

    private static int linearToAlawReference(int linear) {
        int value = linear >> 3;
        int mask;
        if (value >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            value = -value - 1;
        }
        int segment = segment(value, ALAW_SEGMENT_END);
        if (segment >= 8) {
            return 0x7F ^ mask;
        }
        int code = segment << 4;
        code |= segment < 2 ? (value >> 1) & 0x0F : (value >> segment) & 0x0F;
        return code ^ mask;
    }

    private static int alawToLinearReference(int code) {
        int a = (code ^ 0x55) & 0xFF;
        int t = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        switch (segment) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> {
                t += 0x108;
                t <<= segment - 1;
            }
        }
        return (a & 0x80) != 0 ? t : -t;
    }
}
