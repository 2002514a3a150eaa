package org.switchboard.sip.internal;

import java.text.ParseException;
import java.util.Locale;
import java.util.Optional;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.RouteHeader;

/**
 * A phone may sit behind NAT: a request to it goes where its REGISTER or SUBSCRIBE came from, not to
 * what its Contact says, by a loose Route to that source address.
 */
final class SourceRoute {
    private SourceRoute() {}

    /** @param source {@code host:port} (IPv6 in brackets) the phone's request came from */
    static Optional<RouteHeader> towards(SipEndpoint sip, URI target, String source, String transport)
            throws ParseException {
        if (!(target instanceof SipURI sipTarget) || source.equals(sipTarget.getHost() + ":" + port(sipTarget))) {
            return Optional.empty();
        }
        int colon = source.lastIndexOf(':');
        SipURI hop = sip.addresses.createSipURI(null, source.substring(0, colon).replace("[", "").replace("]", ""));
        hop.setPort(Integer.parseInt(source.substring(colon + 1)));
        hop.setTransportParam(transport.toLowerCase(Locale.ROOT));
        hop.setLrParam();
        return Optional.of(sip.headers.createRouteHeader(sip.addresses.createAddress(hop)));
    }

    private static int port(SipURI uri) {
        return uri.getPort() > 0 ? uri.getPort() : 5060;
    }
}
