package org.switchboard.api.media;

/**
 * The media engine's traffic and reception quality in totals, for monitoring (provided by the
 * media bundle). Cheap enough to ask on every scrape: it reads counters the media threads keep
 * anyway and walks the live endpoints once.
 */
@org.osgi.annotation.versioning.ProviderType
public interface MediaQuality {

    /**
     * The totals now: live endpoints plus everything the released ones received and lost. A
     * released endpoint's counts join the totals once its sockets are closed, a moment after
     * {@link MediaService#release}: a reader that needs monotonic counters keeps the highest value seen.
     */
    MediaTotals totals();
}
