package org.switchboard.sip.internal;

import javax.sip.ResponseEvent;

/** Told what became of a request we sent; set as the client transaction's application data. */
interface ResponseListener {
    /** Every response, provisional ones included. */
    void onResponse(ResponseEvent event);

    /** No final response within the transaction timeout (or the transport failed). */
    void onTimeout();
}
