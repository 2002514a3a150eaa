package org.switchboard.itests;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * The recording itests' own tools must be right before they judge the product: the tone pcap SIPp
 * plays holds the tone for as long as asked, and an MP3 decodes into channels that keep their sides.
 */
public class RecordingToolsTest {

    @Test
    public void theTonePcapCarriesTheToneInPcmuForTheRequestedTime() throws Exception {
        Path pcap = PcapTone.write(Files.createTempFile("tone-", ".pcap"), Tones.CALLER_HZ, 2.0, Tones.AMPLITUDE);
        byte[] ulaw = RtpCapture.pcapAudio(pcap);
        assertEquals(16000, ulaw.length);
        short[] samples = new short[ulaw.length];
        for (int i = 0; i < ulaw.length; i++) {
            samples[i] = (short) decodeUlaw(ulaw[i]);
        }
        Wav audio = new Wav(8000, samples);
        Tones.assertToneLasts("pcap", audio, Tones.CALLER_HZ, Tones.AGENT_HZ, 2.0, 0.1);
        Tones.assertToneAbsent("pcap", audio, Tones.AGENT_HZ);
    }

    @Test
    public void aStereoMp3DecodesIntoItsTwoSides() throws Exception {
        Path left = Files.createTempFile("left-", ".wav");
        Path right = Files.createTempFile("right-", ".wav");
        Wav.writeTone(left, 8000, Tones.CALLER_HZ, 3.0, Tones.AMPLITUDE);
        Wav.writeTone(right, 8000, Tones.AGENT_HZ, 3.0, Tones.AMPLITUDE);
        Path mp3File = Files.createTempFile("stereo-", ".mp3");
        Process encode = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-i", left.toString(), "-i", right.toString(),
                "-filter_complex", "[0:a][1:a]join=inputs=2:channel_layout=stereo", "-c:a", "libmp3lame", "-b:a", "32k",
                mp3File.toString()).redirectErrorStream(true).start();
        String output = new String(encode.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        encode.waitFor(60, TimeUnit.SECONDS);
        assertEquals(output, 0, encode.exitValue());

        Mp3 mp3 = Mp3.decode(mp3File);
        assertEquals("mp3", mp3.codec());
        assertEquals(2, mp3.channels().size());
        assertEquals(3.0, mp3.seconds(), 0.3);
        Tones.assertToneLasts("left", mp3.channels().get(0), Tones.CALLER_HZ, Tones.AGENT_HZ, 3.0, 0.3);
        Tones.assertToneAbsent("left", mp3.channels().get(0), Tones.AGENT_HZ);
        Tones.assertToneLasts("right", mp3.channels().get(1), Tones.AGENT_HZ, Tones.CALLER_HZ, 3.0, 0.3);
        Tones.assertToneAbsent("right", mp3.channels().get(1), Tones.CALLER_HZ);
        Tones.assertToneLasts("mix", mp3.mix(), Tones.CALLER_HZ, Tones.NOBODY_HZ, 3.0, 0.3);
    }

    private static int decodeUlaw(byte b) {
        int u = ~b & 0xFF;
        int t = ((u & 0x0F) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
    }

}
