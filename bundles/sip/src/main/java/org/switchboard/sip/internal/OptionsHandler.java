package org.switchboard.sip.internal;

import java.text.ParseException;
import java.util.List;
import java.util.function.Supplier;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** OPTIONS (RFC 3261 §11): what we accept, to anyone who asks (phones and carriers use it as keep-alive). */
final class OptionsHandler implements RequestHandler {
    private final Supplier<List<String>> allowedMethods;

    OptionsHandler(Supplier<List<String>> allowedMethods) {
        this.allowedMethods = allowedMethods;
    }

    @Override
    public String method() {
        return Request.OPTIONS;
    }

    @Override
    public void handle(IncomingRequest incoming) throws ParseException {
        Response response = incoming.response(Response.OK);
        SipEndpoint sip = incoming.endpoint();
        for (String method : allowedMethods.get()) {
            response.addHeader(sip.headers.createAllowHeader(method));
        }
        response.addHeader(sip.headers.createAcceptHeader("application", "sdp"));
        // no option tags yet: an empty Supported says so explicitly (§20.37)
        response.addHeader(sip.headers.createHeader("Supported", ""));
        incoming.send(response);
    }
}
