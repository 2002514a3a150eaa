package org.switchboard.ui.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebAssetsTest {
    private final WebAssets assets = new WebAssets(WebAssetsTest.class::getResource);

    @Test
    void rootAndEmptyPathServeThePage() {
        assertThat(assets.find("/")).hasValueSatisfying(a -> {
            assertThat(a.contentType()).isEqualTo("text/html; charset=utf-8");
            assertThat(new String(a.bytes(), StandardCharsets.UTF_8)).contains("<main");
        });
        assertThat(assets.find("")).isPresent();
    }

    @Test
    void modulesAreServedAsJavaScriptSoBrowsersAcceptThemAsEsModules() {
        assertThat(assets.find("/js/app.js")).hasValueSatisfying(a ->
                assertThat(a.contentType()).isEqualTo("text/javascript; charset=utf-8"));
        assertThat(assets.find("/css/softphone.css")).hasValueSatisfying(a ->
                assertThat(a.contentType()).startsWith("text/css"));
    }

    @Test
    void pathsThatClimbOutOrHideAreRefused() {
        assertThat(assets.find("/../org/switchboard/ui/internal/SoftphoneServlet.class")).isEmpty();
        assertThat(assets.find("/js/../../META-INF/MANIFEST.MF")).isEmpty();
        assertThat(assets.find("/js/%2e%2e/app.js")).isEmpty();
        assertThat(assets.find("/.hidden.js")).isEmpty();
        assertThat(assets.find("//js/app.js")).isEmpty();
    }

    @Test
    void unknownTypesAndMissingFilesAreNotFound() {
        assertThat(assets.find("/js/app.java")).isEmpty();
        assertThat(assets.find("/js/missing.js")).isEmpty();
        assertThat(assets.find("/js")).isEmpty();
    }
}
