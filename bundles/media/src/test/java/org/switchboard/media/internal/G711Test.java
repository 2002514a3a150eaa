package org.switchboard.media.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.switchboard.api.media.Codec;

class G711Test {

    @Test
    void ulawSilenceIsFfAndDecodesToZero() {
        assertThat(G711.encodeUlaw(0)).isEqualTo((byte) 0xFF);
        assertThat(G711.decodeUlaw(0xFF)).isZero();
        assertThat(G711.silence(Codec.PCMU)).isEqualTo((byte) 0xFF);
    }

    @Test
    void alawSilenceIsD5AndDecodesToTheSmallestStep() {
        assertThat(G711.encodeAlaw(0)).isEqualTo((byte) 0xD5);
        // A-law has no zero code: 0xD5 is +1 in 13 bits, i.e. +8 in 16 bits (ITU G.711 / G.191)
        assertThat(G711.decodeAlaw(0xD5)).isEqualTo((short) 8);
        assertThat(G711.silence(Codec.PCMA)).isEqualTo((byte) 0xD5);
    }

    @Test
    void fullScaleValuesMatchTheReferenceCodes() {
        assertThat(G711.encodeUlaw(Short.MAX_VALUE)).isEqualTo((byte) 0x80);
        assertThat(G711.encodeUlaw(Short.MIN_VALUE)).isEqualTo((byte) 0x00);
        assertThat(G711.decodeUlaw(0x80)).isEqualTo((short) 32124);
        assertThat(G711.decodeUlaw(0x00)).isEqualTo((short) -32124);
        assertThat(G711.encodeAlaw(Short.MAX_VALUE)).isEqualTo((byte) 0xAA);
        assertThat(G711.encodeAlaw(Short.MIN_VALUE)).isEqualTo((byte) 0x2A);
        assertThat(G711.decodeAlaw(0xAA)).isEqualTo((short) 32256);
        assertThat(G711.decodeAlaw(0x2A)).isEqualTo((short) -32256);
    }

    @Test
    void everyCodeSurvivesDecodeThenEncode() {
        for (int code = 0; code < 256; code++) {
            int expectedUlaw = code == 0x7F ? 0xFF : code; // µ-law's "negative zero" becomes zero
            assertThat(G711.encodeUlaw(G711.decodeUlaw(code)) & 0xFF).as("µ-law %02x", code).isEqualTo(expectedUlaw);
            assertThat(G711.encodeAlaw(G711.decodeAlaw(code)) & 0xFF).as("A-law %02x", code).isEqualTo(code);
        }
    }

    @Test
    void decodingAgreesWithJavaSound() throws IOException {
        byte[] codes = new byte[256];
        for (int i = 0; i < 256; i++) {
            codes[i] = (byte) i;
        }
        short[] ulaw = javaSoundDecode(AudioFormat.Encoding.ULAW, codes);
        short[] alaw = javaSoundDecode(AudioFormat.Encoding.ALAW, codes);
        for (int i = 0; i < 256; i++) {
            assertThat(G711.decodeUlaw(i)).as("µ-law %02x", i).isEqualTo(ulaw[i]);
            assertThat(G711.decodeAlaw(i)).as("A-law %02x", i).isEqualTo(alaw[i]);
        }
    }

    @Test
    void sineRoundTripStaysWithinG711QuantisationError() {
        for (Codec codec : Codec.values()) {
            double signal = 0;
            double noise = 0;
            for (int n = 0; n < 8000; n++) {
                int x = (int) Math.round(20000 * Math.sin(2 * Math.PI * 1004 * n / 8000.0));
                short[] pcm = {(short) x};
                int y = Audio.decode(codec, Audio.encode(codec, pcm))[0];
                // G.711 steps grow with the level: half a step is at most ~1/32 of the value, plus the smallest step
                assertThat(Math.abs(y - x)).as("%s at %d", codec, x).isLessThanOrEqualTo(Math.abs(x) / 16 + 16);
                signal += (double) x * x;
                noise += (double) (y - x) * (y - x);
            }
            double snr = 10 * Math.log10(signal / noise);
            assertThat(snr).as("%s SNR dB", codec).isGreaterThan(35);
        }
    }

    @Test
    void transcodingGoesThroughLinear() {
        for (int code = 0; code < 256; code++) {
            assertThat(G711.ulawToAlaw(code)).isEqualTo(G711.encodeAlaw(G711.decodeUlaw(code)));
            assertThat(G711.alawToUlaw(code)).isEqualTo(G711.encodeUlaw(G711.decodeAlaw(code)));
        }
        ByteBuffer payload = ByteBuffer.allocateDirect(4);
        payload.put(0, (byte) 0xFF).put(1, (byte) 0x80).put(2, (byte) 0x00).put(3, (byte) 0x7F);
        G711.transcode(Codec.PCMU, Codec.PCMA, payload, 0, 4);
        assertThat(payload.get(0)).isEqualTo((byte) 0xD5);
        assertThat(payload.get(1)).isEqualTo((byte) 0xAA);
        assertThat(payload.get(2)).isEqualTo((byte) 0x2A);
    }

    private static short[] javaSoundDecode(AudioFormat.Encoding encoding, byte[] codes) throws IOException {
        AudioFormat source = new AudioFormat(encoding, 8000, 8, 1, 1, 8000, false);
        AudioFormat target = new AudioFormat(8000, 16, 1, true, false);
        try (AudioInputStream coded = new AudioInputStream(new ByteArrayInputStream(codes), source, codes.length);
                AudioInputStream linear = AudioSystem.getAudioInputStream(target, coded)) {
            byte[] bytes = linear.readAllBytes();
            short[] pcm = new short[bytes.length / 2];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
            return pcm;
        }
    }
}
