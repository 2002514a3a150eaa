package org.switchboard.sip.internal;

/**
 * Answers the requests of one SIP method. Handlers run on the SIP worker threads; every request gets
 * exactly one final response through {@link IncomingRequest#send} (ACK gets none). The B2BUA adds its
 * INVITE, BYE, CANCEL and REFER handlers in place of the ones of this phase.
 */
interface RequestHandler {

    String method();

    /** Whether the method is listed in {@code Allow} (methods we only refuse are not). */
    default boolean allowed() {
        return true;
    }

    void handle(IncomingRequest request) throws Exception;
}
