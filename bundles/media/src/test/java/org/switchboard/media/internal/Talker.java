package org.switchboard.media.internal;

import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.switchboard.api.media.Codec;

/** A phone talking in real time: a sine tone, one 20 ms packet every 20 ms. */
final class Talker implements AutoCloseable {
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final Phone phone;
    private final InetSocketAddress to;
    private final Codec codec;
    private final double frequency;
    private int frame;

    Talker(Phone phone, InetSocketAddress to, Codec codec, double frequency) {
        this.phone = phone;
        this.to = to;
        this.codec = codec;
        this.frequency = frequency;
        clock.scheduleAtFixedRate(this::talk, 0, 20, TimeUnit.MILLISECONDS);
    }

    private void talk() {
        short[] pcm = frequency > 0 ? Audio.sine(frequency, 8000, frame++) : new short[Audio.FRAME];
        phone.sendAudio(to, codec.payloadType(), Audio.encode(codec, pcm));
    }

    @Override
    public void close() {
        clock.shutdownNow();
        try {
            clock.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
