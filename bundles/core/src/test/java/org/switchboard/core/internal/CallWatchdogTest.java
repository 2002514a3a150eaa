package org.switchboard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallState;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.Leg;
import org.switchboard.api.calllog.CallLog;

/** The safety net: silent calls and calls past the maximum duration end, on the real call state machine. */
class CallWatchdogTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final CallFixture f = new CallFixture();

    private CallWatchdog watchdog(CallLimits limits) {
        return new CallWatchdog(f.calls, f.calls, f.clock, limits);
    }

    private void silent(CallFixture.Bridge call, Duration idle) {
        f.media.idles.put(f.endpoint(call.customerLeg()), idle);
        f.media.idles.put(f.endpoint(call.agentLeg()), idle);
    }

    @Test
    void anAnsweredCallSilentBothWaysForTheMediaTimeoutEndsWithItsOwnReasonAndSaysSoOnTheCallLog() {
        CallWatchdog watchdog = watchdog(new CallLimits(TIMEOUT, Duration.ZERO));
        CallFixture.Bridge call = f.bridged();
        watchdog.check(); // first seen answered: watched from now

        f.clock.advance(TIMEOUT);
        silent(call, TIMEOUT);
        watchdog.check();

        Call ended = f.call(call.callId());
        assertThat(ended.state()).isEqualTo(CallState.ENDED);
        assertThat(ended.endReason()).contains(EndReason.MEDIA_TIMEOUT);
        assertThat(f.sip.commands).contains("release " + call.customerLeg() + " MEDIA_TIMEOUT");
        assertThat(f.webrtc.commands).contains("release " + call.agentLeg() + " MEDIA_TIMEOUT");
        CallLog log = f.store.find(call.callId()).orElseThrow();
        assertThat(log.notes()).contains("media timeout");
    }

    @Test
    void aCallWithAudioFromOneSideOnlyIsNotEnded() {
        CallWatchdog watchdog = watchdog(new CallLimits(TIMEOUT, Duration.ZERO));
        CallFixture.Bridge call = f.bridged();
        watchdog.check();
        f.clock.advance(TIMEOUT.multipliedBy(2));
        silent(call, TIMEOUT.multipliedBy(2));
        f.media.idles.put(f.endpoint(call.agentLeg()), Duration.ofMillis(20)); // the agent still talks

        watchdog.check();

        assertThat(f.call(call.callId()).state()).isEqualTo(CallState.ACTIVE);
    }

    @Test
    void aSilentCallOnHoldIsNotEndedAndGetsAWholeTimeoutAfterItIsResumed() {
        CallWatchdog watchdog = watchdog(new CallLimits(TIMEOUT, Duration.ZERO));
        CallFixture.Bridge call = f.bridged();
        f.calls.hold(call.customerLeg());
        watchdog.check();
        f.clock.advance(TIMEOUT.multipliedBy(3));
        silent(call, TIMEOUT.multipliedBy(3));
        watchdog.check();
        assertThat(f.call(call.callId()).state()).isEqualTo(CallState.HELD);

        f.calls.resume(call.customerLeg());
        watchdog.check();
        f.clock.advance(TIMEOUT.minusSeconds(5));
        watchdog.check();
        assertThat(f.call(call.callId()).state()).isEqualTo(CallState.ACTIVE); // media had no chance yet

        f.clock.advance(Duration.ofSeconds(5));
        watchdog.check();
        assertThat(f.call(call.callId()).endReason()).contains(EndReason.MEDIA_TIMEOUT);
    }

    @Test
    void aRingingCallHasNoMediaTimeout() {
        CallWatchdog watchdog = watchdog(new CallLimits(TIMEOUT, Duration.ZERO));
        Call call = f.inbound();
        Leg agent = f.offer(call, f.alice());
        f.media.idles.put(f.attach(CallFixture.callerLeg(call).id()), TIMEOUT.multipliedBy(5));
        watchdog.check();
        f.clock.advance(TIMEOUT.multipliedBy(5));

        watchdog.check();

        assertThat(f.call(call.id()).state()).isEqualTo(CallState.RINGING);
        assertThat(f.leg(agent.id()).state().isLive()).isTrue();
    }

    @Test
    void aScreeningCallIsNotEndedForSilence() {
        CallWatchdog watchdog = watchdog(new CallLimits(TIMEOUT, Duration.ZERO));
        Call call = f.inbound();
        Leg browser = f.offer(call, f.alice());
        f.media.idles.put(f.attach(browser.id()), TIMEOUT.multipliedBy(5));
        f.calls.screen(browser.id());
        f.media.idles.put(f.attach(CallFixture.callerLeg(call).id()), TIMEOUT.multipliedBy(5));
        watchdog.check();
        f.clock.advance(TIMEOUT.multipliedBy(5));

        watchdog.check();

        assertThat(f.call(call.id()).state().isLive()).isTrue();
    }

    @Test
    void theMediaTimeoutIsOffAtZero() {
        CallWatchdog watchdog = watchdog(new CallLimits(Duration.ZERO, Duration.ZERO));
        CallFixture.Bridge call = f.bridged();
        watchdog.check();
        f.clock.advance(Duration.ofHours(2));
        silent(call, Duration.ofHours(2));

        watchdog.check();

        assertThat(f.call(call.callId()).state()).isEqualTo(CallState.ACTIVE);
    }

    @Test
    void aCallEndsAtTheMaximumDurationCountedFromItsStartEvenWithAudio() {
        CallWatchdog watchdog = watchdog(new CallLimits(TIMEOUT, Duration.ofSeconds(3600)));
        CallFixture.Bridge call = f.bridged();
        f.clock.advance(Duration.ofSeconds(3599));
        watchdog.check();
        assertThat(f.call(call.callId()).state()).isEqualTo(CallState.ACTIVE);

        f.clock.advance(Duration.ofSeconds(1));
        watchdog.check();

        Call ended = f.call(call.callId());
        assertThat(ended.endReason()).contains(EndReason.MAX_DURATION);
        assertThat(f.store.find(call.callId()).orElseThrow().notes()).contains("maximum call duration");
    }

    @Test
    void anAgentsNotesStayAboveTheLineThatSaysWhySwitchboardEndedTheCall() {
        assertThat(CallLogs.withEnding("Asked about the invoice.\n", java.util.Optional.of(EndReason.MEDIA_TIMEOUT)))
                .startsWith("Asked about the invoice.\n\nEnded by Switchboard: no audio");
        assertThat(CallLogs.withEnding("Asked", java.util.Optional.of(EndReason.CALLER_HANGUP))).isEqualTo("Asked");
        String full = "x".repeat(CallLog.MAX_NOTES);
        assertThat(CallLogs.withEnding(full, java.util.Optional.of(EndReason.SESSION_EXPIRED))).hasSize(CallLog.MAX_NOTES)
                .endsWith("(session timer expired).");
    }

    @Test
    void outOfRangeLimitsFallBackToTheirDefaults() {
        CallLimits limits = CallLimits.of(config(-1, 8 * 24 * 3600));

        assertThat(limits).isEqualTo(CallLimits.DEFAULTS);
        assertThat(CallLimits.of(config(0, 30))).isEqualTo(new CallLimits(Duration.ZERO, Duration.ofSeconds(30)));
    }

    @Test
    void shortLimitsAreCheckedMoreOftenThanEveryFiveSeconds() {
        assertThat(CallLimits.DEFAULTS.checkInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(new CallLimits(Duration.ofSeconds(3), Duration.ZERO).checkInterval()).isEqualTo(Duration.ofMillis(1500));
        assertThat(new CallLimits(Duration.ZERO, Duration.ofSeconds(4)).checkInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    private static CallLimits.Config config(int mediaTimeoutSeconds, int maxCallSeconds) {
        return new CallLimits.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return CallLimits.Config.class;
            }

            @Override
            public int mediaTimeoutSeconds() {
                return mediaTimeoutSeconds;
            }

            @Override
            public int maxCallSeconds() {
                return maxCallSeconds;
            }
        };
    }
}
