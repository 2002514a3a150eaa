package org.switchboard.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rules of RFC 4028 we apply, without a network: intervals, when to refresh, when to give up. */
class SessionTimersTest {

    @Test
    void theRefresherRefreshesAtHalfTheIntervalAndTheOtherSideGivesUpAThirdAtMost32SecondsBeforeItEnds() {
        SessionTimers.Agreement thirtyMinutes = new SessionTimers.Agreement(1800, true);
        SessionTimers.Agreement ninety = new SessionTimers.Agreement(90, false);

        assertThat(thirtyMinutes.refreshMillis()).isEqualTo(900_000);
        assertThat(thirtyMinutes.expiryMillis()).isEqualTo(1_768_000);
        assertThat(ninety.expiryMillis()).isEqualTo(60_000);
    }

    @Test
    void settingsOutOfRangeFallBackToRfcDefaults() {
        assertThat(SessionTimers.Settings.of(1800, 90)).isEqualTo(SessionTimers.Settings.DEFAULTS);
        assertThat(SessionTimers.Settings.of(1800, 0)).isEqualTo(SessionTimers.Settings.DEFAULTS);
        assertThat(SessionTimers.Settings.of(60, 90)).isEqualTo(SessionTimers.Settings.DEFAULTS);
        assertThat(SessionTimers.Settings.of(4, 2)).isEqualTo(new SessionTimers.Settings(4, 2)); // tests only
        assertThat(SessionTimers.Settings.of(100, 120)).isEqualTo(new SessionTimers.Settings(1800, 120));
    }
}
