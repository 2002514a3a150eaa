package org.switchboard.sip.internal;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import javax.sip.SipStack;
import javax.sip.header.ContentLengthHeader;
import javax.sip.message.Response;

/**
 * Drops, before the stack spends a transaction on it, every request from an address blocked for
 * failed authentications or an INVITE flood (a blocked scanner gets silence, not responses) and every
 * message over the size limit (over TCP its body is only known here). A trunk's own address and port
 * are never blocked: a scanner sharing the carrier's address must not cut off its calls.
 */
final class BlockValve implements SIPMessageValve {
    private final AuthFailures failures;
    private final TrunkRegistry trunks;
    private final int maxMessageSize;
    private final BadMessageLog log;

    BlockValve(AuthFailures failures, TrunkRegistry trunks, int maxMessageSize, BadMessageLog log) {
        this.failures = failures;
        this.trunks = trunks;
        this.maxMessageSize = maxMessageSize;
        this.log = log;
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        if (tooLarge(request, channel)) {
            return false;
        }
        return Sources.of(request).map(source -> !failures.isBlocked(source.getAddress())
                || trunks.bySource(source.getAddress(), source.getPort()).isPresent()).orElse(true);
    }

    private boolean tooLarge(SIPMessage message, MessageChannel channel) {
        ContentLengthHeader length = message.getContentLength();
        long size = (long) message.getSize() + (length == null ? 0 : length.getContentLength());
        if (size <= maxMessageSize) {
            return false;
        }
        log.warn("sip: dropped a message of {} bytes from {} over {} (limit {})", size, channel.getPeerAddress(),
                channel.getTransport(), maxMessageSize);
        return true;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return !(response instanceof SIPMessage message) || !tooLarge(message, channel);
    }

    @Override
    public void init(SipStack stack) {
        // nothing to set up
    }

    @Override
    public void destroy() {
        // nothing to release
    }
}
