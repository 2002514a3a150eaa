package org.switchboard.crm.salesforce.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The call center definition file an admin imports into Salesforce (Setup › Call Centers ›
 * Import): Open CTI in Lightning Experience, the softphone being Switchboard's own page.
 */
final class CallCenterDefinition {
    static final String PATH = "/switchboard/crm-salesforce/callcenter.xml";
    static final int DEFAULT_PORT = 8181;
    static final int SOFTPHONE_HEIGHT = 460;
    static final int SOFTPHONE_WIDTH = 340;
    /** How long Salesforce waits for the softphone before it loads the standby URL. */
    static final int TIMEOUT_MILLIS = 10_000;
    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9.\\-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\])(:[0-9]{1,5})?");

    private CallCenterDefinition() {}

    /** The adapter URL for a host as given ({@code pbx.example.com} or {@code pbx.example.com:8443}); empty when it is no host. */
    static Optional<String> adapterUrl(String scheme, String host) {
        if (host == null || !HOST.matcher(host).matches()) {
            return Optional.empty();
        }
        boolean hasPort = host.matches(".*:[0-9]{1,5}$") && !host.endsWith("]");
        String authority = (hasPort ? host : host + ":" + DEFAULT_PORT).toLowerCase(Locale.ROOT);
        return Optional.of(scheme + "://" + authority + "/switchboard/");
    }

    static String xml(String adapterUrl) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Switchboard call center for Salesforce Open CTI (Lightning Experience).
                     Import it in Setup > Call Centers > Import, then add the agents' users to the call center. -->
                <callCenter>
                  <section sortOrder="0" name="reqGeneralInfo" label="General Information">
                    <item sortOrder="0" name="reqInternalName" label="Internal Name">SwitchboardOpenCTI</item>
                    <item sortOrder="1" name="reqDisplayName" label="Display Name">Switchboard</item>
                    <item sortOrder="2" name="reqAdapterUrl" label="CTI Adapter URL">%1$s</item>
                    <item sortOrder="3" name="reqUseApi" label="Use CTI API">true</item>
                    <item sortOrder="4" name="reqSoftphoneHeight" label="Softphone Height">%2$d</item>
                    <item sortOrder="5" name="reqSoftphoneWidth" label="Softphone Width">%3$d</item>
                    <item sortOrder="6" name="reqSalesforceCompatibilityMode" label="Salesforce Compatibility Mode">Lightning</item>
                    <item sortOrder="7" name="reqStandbyUrl" label="Standby URL">%1$s</item>
                    <item sortOrder="8" name="reqTimeout" label="Timeout">%4$d</item>
                  </section>
                </callCenter>
                """.formatted(escape(adapterUrl), SOFTPHONE_HEIGHT, SOFTPHONE_WIDTH, TIMEOUT_MILLIS);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
