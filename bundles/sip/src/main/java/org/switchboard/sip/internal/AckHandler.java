package org.switchboard.sip.internal;

import javax.sip.message.Request;

/** ACK is never answered; without INVITEs of our own there is nothing it could acknowledge. */
final class AckHandler implements RequestHandler {
    @Override
    public String method() {
        return Request.ACK;
    }

    @Override
    public boolean allowed() {
        return false;
    }

    @Override
    public void handle(IncomingRequest incoming) {
        // absorbed
    }
}
