package org.switchboard.sip.internal;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.message.Request;

/**
 * One INVITE we sent for a leg: to one contact of an agent (several when forking) or to a trunk.
 * Guarded by its leg's lock.
 */
final class Branch {
    final SipLeg leg;
    /** Where it went, for logs: a contact URI or a trunk's name. */
    final String target;
    ClientTransaction invite;
    Dialog dialog;
    /** A provisional response came, so a CANCEL may be sent (RFC 3261 §9.1). */
    boolean provisional;
    /** Released before any provisional response: the CANCEL goes out when one comes. */
    boolean cancelPending;
    /** We answered a digest challenge for it once; a second challenge is a failure. */
    boolean authenticated;
    boolean ended;
    /** Its final status, once it has one. */
    int finalStatus;
    /** The carrier, when the branch goes out through a trunk (its credentials answer challenges). */
    java.util.Optional<Trunk> trunk = java.util.Optional.empty();
    /** The ACK for its 2xx, sent again if the 2xx is retransmitted. */
    Request ack;

    /** UDP, TCP or TLS. */
    final String transport;

    Branch(SipLeg leg, String target, String transport) {
        this.leg = leg;
        this.target = target;
        this.transport = transport;
    }
}
