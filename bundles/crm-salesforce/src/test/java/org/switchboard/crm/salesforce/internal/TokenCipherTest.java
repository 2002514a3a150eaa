package org.switchboard.crm.salesforce.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCipherTest {
    @TempDir
    Path etc;

    @Test
    void aTokenSealedForAnAgentOpensForThatAgentOnly() throws Exception {
        TokenCipher cipher = new TokenCipher(etc.resolve(TokenCipher.KEY_FILE_NAME));
        UUID alice = UUID.randomUUID();

        String sealed = cipher.encrypt("5Aep861refresh-token", alice);

        assertThat(sealed).startsWith("v1:").doesNotContain("refresh-token");
        assertThat(cipher.decrypt(sealed, alice)).isEqualTo("5Aep861refresh-token");
        assertThatThrownBy(() -> cipher.decrypt(sealed, UUID.randomUUID())).isInstanceOf(IllegalArgumentException.class);
        assertThat(new TokenCipher(etc.resolve(TokenCipher.KEY_FILE_NAME)).decrypt(sealed, alice))
                .as("the key survives a restart").isEqualTo("5Aep861refresh-token");
        assertThatThrownBy(() -> new TokenCipher(etc.resolve("other.key")).decrypt(sealed, alice))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theKeyFileIsMadeOnFirstUseReadableByItsOwnerOnly() throws Exception {
        Path keyFile = etc.resolve(TokenCipher.KEY_FILE_NAME);
        assertThat(keyFile).doesNotExist();

        new TokenCipher(keyFile).encrypt("x", UUID.randomUUID());

        assertThat(keyFile).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(java.util.Base64.getDecoder().decode(Files.readString(keyFile).strip())).hasSize(32);
        try (var files = Files.list(etc)) {
            assertThat(files).as("no temporary file left behind").containsExactly(keyFile);
        }
    }
}
