package org.switchboard.media.internal;

import java.util.UUID;

/**
 * One endpoint's counters.
 *
 * @param packetsIn datagrams that arrived on the RTP port
 * @param packetsOut RTP packets sent to the far end (forwarded, mixed or generated)
 * @param dropped arrived but unused: not RTP, too short, unknown payload type, foreign source
 * @param lost never arrived, from gaps in the sequence numbers (RFC 3550 A.3)
 * @param jitterMillis interarrival jitter (RFC 3550 A.8)
 * @param sendFailures packets the socket refused (full send buffer, closed)
 */
public record MediaStats(UUID endpointId, UUID legId, long packetsIn, long packetsOut, long dropped, long lost,
        double jitterMillis, long sendFailures) {}
