package org.switchboard.media.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A conference: every 20 ms each member hears the sum of the others' latest 20 ms of audio,
 * clipped to 16 bits and encoded in its own codec. Members' media threads write decoded audio
 * into one {@link SampleRing} each; the mixer runs on one media thread's frame ticks.
 */
final class Mixer {
    static final int FRAME = ToneSource.FRAME;
    /** Audio waiting longer than three frames is dropped: conference delay stays bounded. */
    private static final int MAX_BACKLOG = 3 * FRAME;
    private static final int INPUT_CAPACITY = 8 * FRAME;

    private record Members(Endpoint[] endpoints, SampleRing[] inputs) {}

    private static final Logger LOG = LoggerFactory.getLogger(Mixer.class);

    private final MediaLoop loop;
    private boolean failureLogged;
    private volatile Members members;
    // media thread only
    private short[][] frames = new short[0][];
    private final int[] sum = new int[FRAME];
    private final short[] mix = new short[FRAME];

    Mixer(MediaLoop loop, List<Endpoint> endpoints) {
        this.loop = loop;
        SampleRing[] inputs = new SampleRing[endpoints.size()];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = new SampleRing(INPUT_CAPACITY);
        }
        members = new Members(endpoints.toArray(new Endpoint[0]), inputs);
    }

    /** Points every member's received audio at its input (under the service's wiring lock). */
    void admitMembers() {
        Members current = members;
        for (int i = 0; i < current.endpoints.length; i++) {
            current.endpoints[i].join(this, current.inputs[i]);
        }
    }

    MediaLoop loop() {
        return loop;
    }

    /** Removes a member (under the service's wiring lock); returns those left. */
    List<Endpoint> remove(Endpoint endpoint) {
        Members current = members;
        List<Endpoint> endpoints = new ArrayList<>();
        List<SampleRing> inputs = new ArrayList<>();
        for (int i = 0; i < current.endpoints.length; i++) {
            if (current.endpoints[i] != endpoint) {
                endpoints.add(current.endpoints[i]);
                inputs.add(current.inputs[i]);
            }
        }
        endpoint.leaveMixer();
        members = new Members(endpoints.toArray(new Endpoint[0]), inputs.toArray(new SampleRing[0]));
        return endpoints;
    }

    void tickSafely(long nanos) {
        try {
            tick(nanos);
        } catch (RuntimeException e) {
            if (!failureLogged) { // once: the mixer runs 50 times a second
                failureLogged = true;
                LOG.warn("conference mix failed: {}", e.toString());
            }
        }
    }

    void tick(long nanos) {
        Members current = members;
        int count = current.endpoints.length;
        if (frames.length < count) {
            frames = Arrays.copyOf(frames, count);
            for (int i = 0; i < count; i++) {
                if (frames[i] == null) {
                    frames[i] = new short[FRAME];
                }
            }
        }
        Arrays.fill(sum, 0);
        for (int m = 0; m < count; m++) {
            SampleRing input = current.inputs[m];
            short[] frame = frames[m];
            input.trimTo(MAX_BACKLOG);
            int got = input.read(frame, 0, FRAME);
            Arrays.fill(frame, got, FRAME, (short) 0); // nothing arrived: that member is silent
            for (int i = 0; i < FRAME; i++) {
                sum[i] += frame[i];
            }
        }
        for (int m = 0; m < count; m++) {
            short[] own = frames[m];
            for (int i = 0; i < FRAME; i++) {
                int value = sum[i] - own[i];
                mix[i] = (short) (value > Short.MAX_VALUE ? Short.MAX_VALUE : Math.max(value, Short.MIN_VALUE));
            }
            current.endpoints[m].sendMixed(loop, mix, FRAME, nanos);
        }
    }
}
