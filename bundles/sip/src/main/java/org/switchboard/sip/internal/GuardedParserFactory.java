package org.switchboard.sip.internal;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParserFactory;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;

/**
 * jain-sip's parser with a log line for what the stack drops on its own (garbled messages, messages
 * without a mandatory header) and a size limit for what arrives whole (UDP; over TCP the body comes
 * after parsing, so {@link BlockValve} checks the total). jain-sip answers a garbled request with
 * {@code 400 Bad Request (<reason>)} where it can still read Via, From, To, Call-ID and CSeq, and
 * drops it silently otherwise. It also reads every request line as {@code SIP/2.0}, whatever version it
 * names: a request that named another one is marked with {@link UnsupportedVersion}, for the router's 505.
 */
final class GuardedParserFactory implements MessageParserFactory {
    /** The application data of a request whose request line names a version other than SIP/2.0. */
    record UnsupportedVersion(String version) {}

    private final MessageParserFactory delegate = new StringMsgParserFactory();
    private final int maxMessageSize;
    private final BadMessageLog log;

    GuardedParserFactory(int maxMessageSize, BadMessageLog log) {
        this.maxMessageSize = maxMessageSize;
        this.log = log;
    }

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        MessageParser parser = delegate.createMessageParser(stack);
        return (bytes, readBody, strict, listener) -> parse(parser, bytes, readBody, strict, listener);
    }

    private SIPMessage parse(MessageParser parser, byte[] bytes, boolean readBody, boolean strict,
            ParseExceptionListener listener) throws ParseException {
        if (bytes.length > maxMessageSize) {
            log.warn("sip: dropped a message of {} bytes from {} (limit {})", bytes.length, source(listener), maxMessageSize);
            return null; // jain-sip drops a message it gets no parse for
        }
        SIPMessage message;
        try {
            message = parser.parseSIPMessage(bytes, readBody, strict, listener);
        } catch (ParseException e) {
            // jain-sip puts this message into the reason phrase of its automatic 400: one clean line
            String reason = LogText.parseError(e.getMessage());
            log.warn("sip: garbled message from {}: {}; it starts \"{}\"", source(listener), reason, LogText.excerpt(bytes));
            ParseException clean = new ParseException(reason, e.getErrorOffset());
            clean.initCause(e);
            throw clean;
        }
        if (message instanceof SIPRequest) {
            String version = requestLineVersion(bytes);
            if (!"SIP/2.0".equalsIgnoreCase(version)) {
                message.setApplicationData(new UnsupportedVersion(version));
            }
        }
        if (message != null) {
            String missing = missingHeader(message);
            if (missing != null) {
                log.warn("sip: dropped a message without {} from {}", missing, source(listener));
            }
        }
        return message;
    }

    /** The last word of the first non-empty line (jain-sip skips leading CRLFs too): the request's SIP version. */
    private static String requestLineVersion(byte[] bytes) {
        int start = 0;
        while (start < bytes.length && (bytes[start] == '\r' || bytes[start] == '\n')) {
            start++;
        }
        int end = start;
        while (end < bytes.length && bytes[end] != '\r' && bytes[end] != '\n') {
            end++;
        }
        String line = new String(bytes, start, end - start, StandardCharsets.ISO_8859_1).trim();
        return line.substring(line.lastIndexOf(' ') + 1);
    }

    /** The headers without which jain-sip drops a message (RFC 3261 §8.1.1). */
    private static String missingHeader(SIPMessage message) {
        if (message.getCallId() == null) {
            return "Call-ID";
        }
        if (message.getFrom() == null) {
            return "From";
        }
        if (message.getTo() == null) {
            return "To";
        }
        if (message.getCSeq() == null) {
            return "CSeq";
        }
        if (message.getTopmostVia() == null) {
            return "Via";
        }
        return null;
    }

    private static String source(ParseExceptionListener listener) {
        if (listener instanceof MessageChannel channel) {
            // a UDP channel learns the sender's port only after parsing (its port fields are 0 or the last
            // packet's then): the address alone; a connection knows its peer's port
            String address = channel.getPeerAddress();
            return (channel.isReliable() ? address + ":" + channel.getPeerPort() : address) + " over "
                    + channel.getTransport();
        }
        return "an unknown peer";
    }
}
