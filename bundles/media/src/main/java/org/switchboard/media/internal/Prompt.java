package org.switchboard.media.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The simulated caller's voice: one spoken sentence, then a second of silence, repeated. The
 * sentence is a recording made once with espeak-ng ({@value #RESOURCE} next to this class,
 * 8 kHz mono 16-bit PCM; the module README says how to regenerate it). It is read on first use
 * and shared; every listener replays it from its own position.
 */
final class Prompt implements ToneSource {
    static final String RESOURCE = "prompt.wav";
    static final int GAP_SAMPLES = SAMPLE_RATE;

    private static volatile short[] loop;

    private final short[] samples = loop();
    private int position;

    @Override
    public void next(short[] out) {
        for (int i = 0; i < FRAME; i++) {
            out[i] = samples[position];
            position = position + 1 == samples.length ? 0 : position + 1;
        }
    }

    /**
     * The recording padded to whole frames, then the gap; loaded once. Throws
     * {@link IllegalStateException} if the bundle lacks a usable recording, so {@code play} fails
     * at the caller rather than on a media thread.
     */
    static short[] loop() {
        short[] loaded = loop;
        if (loaded == null) {
            synchronized (Prompt.class) {
                loaded = loop;
                if (loaded == null) {
                    short[] speech = read(RESOURCE);
                    int padded = (speech.length + FRAME - 1) / FRAME * FRAME;
                    loaded = new short[padded + GAP_SAMPLES];
                    System.arraycopy(speech, 0, loaded, 0, speech.length);
                    loop = loaded;
                }
            }
        }
        return loaded;
    }

    static short[] read(String resource) {
        try (InputStream in = Prompt.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the PROMPT recording " + where(resource) + " is missing from the bundle");
            }
            return samples(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("the PROMPT recording " + where(resource) + " cannot be read: " + e, e);
        }
    }

    /** The samples of an 8 kHz mono 16-bit PCM WAV file. */
    static short[] samples(byte[] wav) {
        ByteBuffer file = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12 || !tag(file, 0).equals("RIFF") || !tag(file, 8).equals("WAVE")) {
            throw unusable("not a RIFF/WAVE file");
        }
        boolean formatChecked = false;
        int at = 12;
        while (at + 8 <= wav.length) {
            String id = tag(file, at);
            long size = file.getInt(at + 4) & 0xFFFF_FFFFL;
            int body = at + 8;
            if (size > wav.length - body) {
                throw unusable("chunk '" + id + "' runs past the end of the file");
            }
            if (id.equals("fmt ")) {
                if (size < 16) {
                    throw unusable("fmt chunk too short");
                }
                int format = file.getShort(body) & 0xFFFF;
                int channels = file.getShort(body + 2);
                int rate = file.getInt(body + 4);
                int bits = file.getShort(body + 14);
                if (format != 1 || channels != 1 || rate != SAMPLE_RATE || bits != 16) {
                    throw unusable("format " + format + ", " + channels + " channel(s), " + rate + " Hz, " + bits
                            + " bits; expected PCM (1), 1 channel, 8000 Hz, 16 bits");
                }
                formatChecked = true;
            } else if (id.equals("data")) {
                if (!formatChecked) {
                    throw unusable("no fmt chunk before the data");
                }
                if (size < 2) {
                    throw unusable("no audio");
                }
                short[] pcm = new short[(int) (size / 2)];
                file.position(body);
                file.asShortBuffer().get(pcm);
                return pcm;
            }
            at = body + (int) size + (int) (size & 1); // chunks are word-aligned
        }
        throw unusable("no data chunk");
    }

    private static String tag(ByteBuffer file, int at) {
        byte[] id = new byte[4];
        file.get(at, id);
        return new String(id, StandardCharsets.US_ASCII);
    }

    private static IllegalStateException unusable(String why) {
        return new IllegalStateException("the PROMPT recording " + where(RESOURCE) + " is unusable: " + why);
    }

    private static String where(String resource) {
        return Prompt.class.getPackageName().replace('.', '/') + '/' + resource;
    }
}
