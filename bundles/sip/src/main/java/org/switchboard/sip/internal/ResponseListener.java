package org.switchboard.sip.internal;

import javax.sip.ResponseEvent;

/** Told what became of a request we sent; set as the client transaction's application data. */
interface ResponseListener {
    /** For requests whose answer changes nothing (NOTIFY). */
    ResponseListener IGNORE = new ResponseListener() {
        @Override
        public void onResponse(ResponseEvent event) {
            // nothing to do
        }

        @Override
        public void onTimeout() {
            // nothing to do
        }
    };

    /** Every response but 100 Trying (which only stops the stack's retransmissions), other provisional ones included. */
    void onResponse(ResponseEvent event);

    /** No final response within the transaction timeout (or the transport failed). */
    void onTimeout();
}
