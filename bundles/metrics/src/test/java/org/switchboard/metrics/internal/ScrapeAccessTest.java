package org.switchboard.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.switchboard.metrics.internal.ScrapeAccess.Verdict;

class ScrapeAccessTest {
    private static final Optional<InetAddress> LOCAL = address("127.0.0.1");
    private static final Optional<InetAddress> LOCAL6 = address("::1");
    private static final Optional<InetAddress> REMOTE = address("192.0.2.10");

    @Test
    void byDefaultOnlyThisMachineMayScrape() {
        ScrapeAccess access = new ScrapeAccess(true, "");
        assertThat(access.check(LOCAL, Optional.empty())).isEqualTo(Verdict.ALLOWED);
        assertThat(access.check(LOCAL6, Optional.empty())).isEqualTo(Verdict.ALLOWED);
        assertThat(access.check(REMOTE, Optional.empty())).isEqualTo(Verdict.FORBIDDEN);
        assertThat(access.check(Optional.empty(), Optional.empty())).isEqualTo(Verdict.FORBIDDEN);
    }

    @Test
    void withATokenEveryScrapeMustCarryItAsBearer() {
        ScrapeAccess access = new ScrapeAccess(false, " s3cret ");
        assertThat(access.check(REMOTE, Optional.of("Bearer s3cret"))).isEqualTo(Verdict.ALLOWED);
        assertThat(access.check(REMOTE, Optional.of("bearer s3cret"))).isEqualTo(Verdict.ALLOWED);
        assertThat(access.check(LOCAL, Optional.empty())).isEqualTo(Verdict.UNAUTHORIZED);
        assertThat(access.check(REMOTE, Optional.of("Bearer s3cre"))).isEqualTo(Verdict.UNAUTHORIZED);
        assertThat(access.check(REMOTE, Optional.of("Bearer s3cret2"))).isEqualTo(Verdict.UNAUTHORIZED);
        assertThat(access.check(REMOTE, Optional.of("Basic czNjcmV0"))).isEqualTo(Verdict.UNAUTHORIZED);
        assertThat(access.check(REMOTE, Optional.of("Bearer"))).isEqualTo(Verdict.UNAUTHORIZED);
    }

    @Test
    void localhostOnlyAndATokenTogetherNeedBoth() {
        ScrapeAccess access = new ScrapeAccess(true, "s3cret");
        assertThat(access.check(REMOTE, Optional.of("Bearer s3cret"))).isEqualTo(Verdict.FORBIDDEN);
        assertThat(access.check(LOCAL, Optional.empty())).isEqualTo(Verdict.UNAUTHORIZED);
        assertThat(access.check(LOCAL, Optional.of("Bearer s3cret"))).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void noLocalhostLimitAndNoTokenLetsEveryoneScrape() {
        ScrapeAccess access = new ScrapeAccess(false, null);
        assertThat(access.tokenRequired()).isFalse();
        assertThat(access.check(REMOTE, Optional.empty())).isEqualTo(Verdict.ALLOWED);
    }

    private static Optional<InetAddress> address(String numeric) {
        try {
            return Optional.of(InetAddress.getByName(numeric));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
