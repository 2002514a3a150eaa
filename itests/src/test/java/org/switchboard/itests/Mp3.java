package org.switchboard.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An MP3 file decoded by Debian's ffmpeg (the test's decoder, never the product's): its codec as
 * ffprobe names it, and one 8 kHz track per channel, so a test can measure which tone each party's
 * channel holds.
 */
record Mp3(String codec, List<Wav> channels) {

    double seconds() {
        return channels.get(0).seconds();
    }

    /** The channels summed (what a mono listener hears), for tone checks that do not care about sides. */
    Wav mix() {
        short[] sum = new short[channels.get(0).samples().length];
        for (int i = 0; i < sum.length; i++) {
            int s = 0;
            for (Wav channel : channels) {
                s += channel.samples()[i];
            }
            sum[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, s));
        }
        return new Wav(channels.get(0).sampleRate(), sum);
    }

    static Mp3 decode(Path file) throws IOException, InterruptedException {
        String probe = run(List.of("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
                "stream=codec_name,channels", "-of", "csv=p=0", file.toString())).trim();
        String[] fields = probe.split(",");
        if (fields.length != 2) {
            throw new AssertionError(file + " is not audio ffprobe understands: '" + probe + "'");
        }
        int count = Integer.parseInt(fields[1].trim());
        byte[] pcm = runBytes(List.of("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "s16le", "-acodec",
                "pcm_s16le", "-ar", "8000", "-"));
        ByteBuffer in = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        int frames = pcm.length / (2 * count);
        List<short[]> tracks = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            tracks.add(new short[frames]);
        }
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < count; c++) {
                tracks.get(c)[f] = in.getShort();
            }
        }
        return new Mp3(fields[0].trim(), tracks.stream().map(t -> new Wav(8000, t)).toList());
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        return new String(runBytes(command), StandardCharsets.UTF_8);
    }

    private static byte[] runBytes(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is not installed: apt-get install ffmpeg", e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream stdout = process.getInputStream()) {
            stdout.transferTo(out);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " failed");
        }
        return out.toByteArray();
    }
}
