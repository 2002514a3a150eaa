package org.switchboard.api.media;

/**
 * What the media engine has received since it started (released endpoints included) and how
 * its live endpoints are doing now.
 *
 * @param endpoints media endpoints held now (one per anchored leg)
 * @param packetsReceived RTP datagrams that arrived on any endpoint
 * @param packetsLost packets that never arrived, from gaps in the RTP sequence numbers (RFC 3550 A.3)
 * @param jitterMaxMillis the worst interarrival jitter (RFC 3550 A.8) among live endpoints, 0 without any
 * @param jitterMeanMillis the mean interarrival jitter of live endpoints that received audio, 0 without any
 */
public record MediaTotals(int endpoints, long packetsReceived, long packetsLost, double jitterMaxMillis,
        double jitterMeanMillis) {}
