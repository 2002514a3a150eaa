package org.switchboard.sip.internal;

import java.util.Optional;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.switchboard.api.registration.SipCredentials;

/**
 * INVITE before the B2BUA: a caller that is not a trunk must prove who it is first (407), so nothing is
 * ever routed for an unauthenticated phone; then, like a trunk's call, it gets 501 until calls are
 * implemented.
 */
final class InviteHandler implements RequestHandler {
    private final DigestGuard guard;
    private final String realm;

    InviteHandler(DigestGuard guard, String realm) {
        this.guard = guard;
        this.realm = realm;
    }

    @Override
    public String method() {
        return Request.INVITE;
    }

    @Override
    public boolean allowed() {
        return false;
    }

    @Override
    public void handle(IncomingRequest incoming) {
        if (incoming.trunk().isEmpty()) {
            URI from = ((FromHeader) incoming.request().getHeader(FromHeader.NAME)).getAddress().getURI();
            String user = from instanceof SipURI sip && sip.getUser() != null ? sip.getUser() : "";
            Optional<SipCredentials> caller = guard.authenticate(incoming, DigestHeaders.Kind.PROXY, realm, user);
            if (caller.isEmpty()) {
                return;
            }
        }
        incoming.respond(Response.NOT_IMPLEMENTED, "Not Implemented (calls are not routed yet)");
    }
}
