package org.switchboard.sip.internal;

import java.net.InetSocketAddress;
import java.text.ParseException;
import java.util.Optional;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.ToHeader;
import javax.sip.header.UserAgentHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A request handed to a {@link RequestHandler}: the message, its server transaction and where it came from. */
final class IncomingRequest {
    private static final Logger LOG = LoggerFactory.getLogger(IncomingRequest.class);

    private final Request request;
    private final ServerTransaction transaction;
    private final InetSocketAddress source;
    private final String transport;
    private final Optional<Trunk> trunk;
    private final SipEndpoint endpoint;
    private Dialog dialog;

    IncomingRequest(Request request, ServerTransaction transaction, InetSocketAddress source, String transport,
            Optional<Trunk> trunk, SipEndpoint endpoint) {
        this.request = request;
        this.transaction = transaction;
        this.source = source;
        this.transport = transport;
        this.trunk = trunk;
        this.endpoint = endpoint;
    }

    Request request() {
        return request;
    }

    /** The server transaction; null for ACK. */
    ServerTransaction transaction() {
        return transaction;
    }

    /** The dialog an in-dialog request belongs to, when the stack knows it. */
    Optional<Dialog> dialog() {
        return Optional.ofNullable(dialog);
    }

    IncomingRequest inDialog(Dialog dialog) {
        this.dialog = dialog;
        return this;
    }

    String method() {
        return request.getMethod();
    }

    InetSocketAddress source() {
        return source;
    }

    /** {@code host:port} of the source, as stored and logged. */
    String sourceText() {
        return Sources.text(source);
    }

    /** {@code UDP}, {@code TCP} or {@code TLS}. */
    String transport() {
        return transport;
    }

    /** The trunk this request came from, when its source is a trunk's. */
    Optional<Trunk> trunk() {
        return trunk;
    }

    SipEndpoint endpoint() {
        return endpoint;
    }

    String userAgent() {
        UserAgentHeader header = (UserAgentHeader) request.getHeader(UserAgentHeader.NAME);
        if (header == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (java.util.ListIterator<?> it = header.getProduct(); it.hasNext();) {
            text.append(text.length() == 0 ? "" : " ").append(it.next());
        }
        return text.toString();
    }

    /** A response to this request; the To tag is added for final non-100 responses, as a UAS must. */
    Response response(int status) {
        try {
            Response response = endpoint.messages.createResponse(status, request);
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (status >= 200 && to != null && to.getTag() == null) {
                to.setTag(Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
            }
            return response;
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build a " + status + " response", e);
        }
    }

    Response response(int status, String reason) {
        Response response = response(status);
        try {
            response.setReasonPhrase(reason);
        } catch (ParseException e) {
            // keep the default phrase
        }
        return response;
    }

    void respond(int status) {
        send(response(status));
    }

    void respond(int status, String reason) {
        send(response(status, reason));
    }

    void send(Response response) {
        try {
            transaction.sendResponse(response);
        } catch (SipException | InvalidArgumentException | RuntimeException e) {
            // the transaction may have timed out or the connection closed: nothing left to tell anyone
            LOG.debug("sip: could not send {} to {}: {}", response.getStatusCode(), sourceText(), e.getMessage());
        }
    }
}
