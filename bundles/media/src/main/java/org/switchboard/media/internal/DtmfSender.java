package org.switchboard.media.internal;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Digits queued for one endpoint, played on its media thread's 10 ms ticks: each digit is a
 * 100 ms tone and a 60 ms pause. With a telephone-event payload type the far end gets RFC 4733
 * packets (start with marker, a continuation 50 ms in, three end packets 10 ms apart, all with
 * the event's start timestamp); without, it hears the two DTMF frequencies in-band.
 * While digits play, the endpoint hears nothing else.
 */
final class DtmfSender {
    static final int TONE_TICKS = 10;
    static final int DIGIT_TICKS = 16;
    private static final int CONTINUATION_TICK = 5;
    private static final int END_PACKETS = 3;
    private static final int VOLUME_DBM0 = 10;
    private static final double AMPLITUDE = 0.22 * Short.MAX_VALUE;
    private static final double[] ROWS = {697, 770, 852, 941};
    private static final double[] COLUMNS = {1209, 1336, 1477, 1633};
    private static final String KEYPAD = "123A456B789C*0#D";

    private final ConcurrentLinkedQueue<Character> queue = new ConcurrentLinkedQueue<>();
    private volatile boolean busy;

    // state of the digit playing, media thread only
    private int tick = -1;
    private int event;
    private int eventPayloadType = -1;
    private long eventTimestamp;
    /** The digit before ended on the previous tick: the next one's timestamp follows exactly. */
    private boolean chained;
    private double low;
    private double high;
    private int sample;

    static boolean isDigit(char c) {
        return KEYPAD.indexOf(Character.toUpperCase(c)) >= 0;
    }

    void enqueue(char digit) {
        queue.add(Character.toUpperCase(digit));
        busy = true;
    }

    /** Digits are queued or playing: the endpoint's other audio is held back. */
    boolean busy() {
        return busy;
    }

    /** Forgets queued digits (a digit already playing finishes). */
    void clear() {
        queue.clear();
    }

    void tick(Endpoint endpoint, MediaLoop loop, boolean frameTick, long nanos) {
        if (tick < 0) {
            if (!frameTick || !startNext(endpoint, nanos)) {
                return;
            }
        }
        if (eventPayloadType >= 0) {
            sendEvent(endpoint, loop);
        } else if (frameTick) {
            sendTone(endpoint, loop, nanos);
        }
        tick++;
        if (tick == DIGIT_TICKS) {
            tick = -1;
            chained = true;
        }
    }

    private boolean startNext(Endpoint endpoint, long nanos) {
        Character next = queue.poll();
        if (next == null) {
            busy = false;
            if (queue.isEmpty()) {
                chained = false;
                return false;
            }
            busy = true; // a digit arrived meanwhile
            next = queue.poll();
        }
        int key = KEYPAD.indexOf(next);
        event = Rtp.dtmfEvent(next);
        low = ROWS[key / 4];
        high = COLUMNS[key % 4];
        sample = 0;
        tick = 0;
        boolean follows = chained && eventPayloadType >= 0;
        eventPayloadType = endpoint.telephoneEventPayloadType();
        if (eventPayloadType >= 0) {
            long exact = follows ? (eventTimestamp + DIGIT_TICKS * ToneSource.FRAME / 2) & Rtp.TIMESTAMP_MASK : -1;
            eventTimestamp = endpoint.outgoing().beginEvent(nanos, exact);
        }
        return true;
    }

    private void sendEvent(Endpoint endpoint, MediaLoop loop) {
        if (tick == 0) {
            endpoint.sendEvent(loop, eventPayloadType, true, event, false, VOLUME_DBM0, ToneSource.FRAME, eventTimestamp);
        } else if (tick == CONTINUATION_TICK) {
            int duration = (CONTINUATION_TICK + 2) * ToneSource.FRAME / 2;
            endpoint.sendEvent(loop, eventPayloadType, false, event, false, VOLUME_DBM0, duration, eventTimestamp);
        } else if (tick >= TONE_TICKS && tick < TONE_TICKS + END_PACKETS) {
            int duration = TONE_TICKS * ToneSource.FRAME / 2;
            endpoint.sendEvent(loop, eventPayloadType, false, event, true, VOLUME_DBM0, duration, eventTimestamp);
        }
    }

    private void sendTone(Endpoint endpoint, MediaLoop loop, long nanos) {
        short[] frame = loop.toneFrame();
        boolean on = tick < TONE_TICKS;
        for (int i = 0; i < ToneSource.FRAME; i++, sample++) {
            double t = (double) sample / ToneSource.SAMPLE_RATE;
            frame[i] = on ? (short) (AMPLITUDE * (Math.sin(2 * Math.PI * low * t) + Math.sin(2 * Math.PI * high * t))) : 0;
        }
        endpoint.sendAudio(loop, frame, ToneSource.FRAME, nanos);
    }
}
