package org.switchboard.crm.salesforce.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class CallCenterDefinitionTest {

    @Test
    void theDefinitionIsWellFormedAndNamesTheSoftphoneForLightning() throws Exception {
        String xml = CallCenterDefinition.xml(CallCenterDefinition.adapterUrl("https", "pbx.example.com").orElseThrow());

        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element section = (Element) document.getElementsByTagName("section").item(0);
        assertThat(section.getAttribute("name")).isEqualTo("reqGeneralInfo");
        Map<String, String> items = new HashMap<>();
        NodeList list = section.getElementsByTagName("item");
        for (int i = 0; i < list.getLength(); i++) {
            Element item = (Element) list.item(i);
            items.put(item.getAttribute("name"), item.getTextContent());
        }
        assertThat(items).containsEntry("reqAdapterUrl", "https://pbx.example.com:8181/switchboard/")
                .containsEntry("reqUseApi", "true")
                .containsEntry("reqSoftphoneHeight", "460")
                .containsEntry("reqSoftphoneWidth", "340")
                .containsEntry("reqSalesforceCompatibilityMode", "Lightning")
                .containsEntry("reqStandbyUrl", "https://pbx.example.com:8181/switchboard/")
                .containsEntry("reqTimeout", "10000")
                .containsKeys("reqInternalName", "reqDisplayName");
        assertThat(items.get("reqInternalName")).matches("[A-Za-z][A-Za-z0-9]{0,39}");
    }

    @Test
    void theHostKeepsItsPortAndAStrangeHostIsRefused() {
        assertThat(CallCenterDefinition.adapterUrl("http", "localhost:8181")).hasValue("http://localhost:8181/switchboard/");
        assertThat(CallCenterDefinition.adapterUrl("https", "[::1]:8443")).hasValue("https://[::1]:8443/switchboard/");
        assertThat(CallCenterDefinition.adapterUrl("http", "evil.example/<script>")).isEmpty();
        assertThat(CallCenterDefinition.adapterUrl("http", null)).isEmpty();
    }
}
