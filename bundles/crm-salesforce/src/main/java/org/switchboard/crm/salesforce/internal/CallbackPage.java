package org.switchboard.crm.salesforce.internal;

/** The small page the agent's browser shows after "Connect Switchboard and Salesforce". */
final class CallbackPage {
    private CallbackPage() {}

    static int status(LinkOutcome outcome) {
        return outcome instanceof LinkOutcome.Failed failed ? failed.status() : 200;
    }

    static String html(LinkOutcome outcome) {
        String title;
        String message;
        if (outcome instanceof LinkOutcome.Linked linked) {
            title = "Connected to Salesforce";
            message = "Switchboard is now connected to Salesforce as " + escape(linked.userName()) + ". You can close this window.";
        } else {
            title = "Not connected to Salesforce";
            message = escape(((LinkOutcome.Failed) outcome).message());
        }
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>%1$s</title>
                <style>body{font-family:system-ui,sans-serif;margin:3em auto;max-width:32em;line-height:1.5}</style></head>
                <body><h1>%1$s</h1><p>%2$s</p></body>
                </html>
                """.formatted(title, message);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
