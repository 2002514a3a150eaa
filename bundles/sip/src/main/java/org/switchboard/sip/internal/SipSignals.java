package org.switchboard.sip.internal;

import java.text.ParseException;
import java.util.Locale;
import java.util.function.Supplier;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ListeningPoint;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.call.EndReason;

/**
 * The B2BUA's outgoing messages that need no answer handling of their own: responses to a caller's
 * INVITE, CANCEL, BYE, in-dialog requests, and the Contact and Content-Type they carry. Failures are
 * logged and swallowed: the far end may be gone, and the call state is core's.
 */
final class SipSignals {
    private static final Logger LOG = LoggerFactory.getLogger(SipSignals.class);

    private final Supplier<SipEndpoint> sip;

    SipSignals(Supplier<SipEndpoint> sip) {
        this.sip = sip;
    }

    SipEndpoint endpoint() {
        return sip.get();
    }

    /** A response to the INVITE that opened the leg, with our To tag (and Contact for 1xx-2xx). */
    void respond(SipLeg leg, int status, String sdp, Header... extra) {
        leg.serverInvite.ifPresent(invite -> {
            try {
                Request request = invite.getRequest();
                SipEndpoint endpoint = sip.get();
                Response response = endpoint.messages.createResponse(status, request);
                ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(leg.toTag);
                if (status > 100 && status < 300) {
                    response.addHeader(contact(((ViaHeader) request.getHeader(ViaHeader.NAME)).getTransport()));
                }
                for (Header header : extra) {
                    response.setHeader(header);
                }
                if (sdp != null) {
                    response.setContent(sdp, sdpType());
                }
                invite.sendResponse(response);
            } catch (Exception e) {
                LOG.debug("sip: {} could not send {}: {}", leg, status, e.getMessage());
            }
        });
    }

    /** CANCELs a branch, or marks it to be cancelled once it has answered provisionally (RFC 3261 §9.1). */
    void cancel(Branch branch, EndReason reason) {
        if (branch.invite == null) {
            return;
        }
        if (!branch.provisional) {
            branch.cancelPending = true;
            return;
        }
        try {
            Request cancel = branch.invite.createCancel();
            if (reason == EndReason.ANSWERED_ELSEWHERE) {
                cancel.addHeader(sip.get().headers.createHeader("Reason", "SIP;cause=200;text=\"Call completed elsewhere\""));
            }
            sip.get().provider().getNewClientTransaction(cancel).sendRequest();
        } catch (Exception e) {
            LOG.debug("sip: {} CANCEL failed: {}", branch.leg, e.getMessage());
        }
    }

    void bye(Dialog dialog, Object what) {
        if (dialog == null) {
            return;
        }
        try {
            Request bye = dialog.createRequest(Request.BYE);
            ClientTransaction transaction = sip.get().provider().getNewClientTransaction(bye);
            dialog.sendRequest(transaction);
        } catch (Exception e) {
            LOG.debug("sip: {} BYE failed: {}", what, e.getMessage());
        }
    }

    /** Sends a request in the leg's dialog; {@code listener} gets its responses. */
    void sendInDialog(SipLeg leg, Request request, ResponseListener listener) throws Exception {
        ClientTransaction transaction = sip.get().provider().getNewClientTransaction(request);
        transaction.setApplicationData(listener);
        leg.dialog.sendRequest(transaction);
    }

    ContactHeader contact(String transport) throws ParseException {
        SipEndpoint endpoint = sip.get();
        ListeningPoint local = endpoint.listeningPoint(transport);
        SipURI uri = endpoint.addresses.createSipURI("switchboard", local.getIPAddress());
        uri.setPort(local.getPort());
        if (!"UDP".equalsIgnoreCase(transport)) {
            uri.setTransportParam(transport.toLowerCase(Locale.ROOT));
        }
        return endpoint.headers.createContactHeader(endpoint.addresses.createAddress(uri));
    }

    ContentTypeHeader sdpType() throws ParseException {
        return sip.get().headers.createContentTypeHeader("application", "sdp");
    }

    Header header(String name, String value) throws ParseException {
        return sip.get().headers.createHeader(name, value);
    }
}
