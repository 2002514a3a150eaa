package org.switchboard.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;

class PasswordHashesTest {

    @Test
    void aStoredHashMatchesItsPasswordOnly() {
        PasswordHashes hashes = new PasswordHashes(4);
        String stored = hashes.hash("alice-secret".toCharArray());

        assertThat(hashes.matches(Optional.of(stored), "alice-secret".toCharArray())).isTrue();
        assertThat(hashes.matches(Optional.of(stored), "wrong".toCharArray())).isFalse();
    }

    @Test
    void anUnknownAgentNeverMatchesEvenWithTheDecoysOwnPassword() {
        PasswordHashes hashes = new PasswordHashes(4);

        assertThat(hashes.matches(Optional.empty(), "anything".toCharArray())).isFalse();
        assertThat(hashes.matches(Optional.empty(), "decoy-password".toCharArray())).isFalse();
    }

    @Test
    void theDecoyIsAWellFormedHashOfTheConfiguredCostSoCheckingItCostsAsMuchAsARealOne() {
        String decoy = PasswordHashes.decoyAt(12);

        assertThat(decoy).startsWith("$2y$12$").hasSize(60);
        // BouncyCastle parses it (version, cost, salt) and runs the full bcrypt before comparing
        assertThat(OpenBSDBCrypt.checkPassword(PasswordHashes.decoyAt(4), "x".toCharArray())).isFalse();
    }
}
