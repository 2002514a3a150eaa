package org.switchboard.sip.internal;

import javax.sip.message.Response;

/**
 * BYE and CANCEL before the B2BUA: there is no dialog or INVITE transaction they could match, which
 * RFC 3261 answers with 481 (§15.1.2, §9.2).
 */
final class NoTransactionHandler implements RequestHandler {
    private final String method;

    NoTransactionHandler(String method) {
        this.method = method;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public boolean allowed() {
        return false;
    }

    @Override
    public void handle(IncomingRequest incoming) {
        incoming.respond(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
    }
}
