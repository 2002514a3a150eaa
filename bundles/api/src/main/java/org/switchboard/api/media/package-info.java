/** Anchored media: RTP endpoints that the media bundle relays, mixes, transcodes and records. */
@org.osgi.annotation.versioning.Version("0.4.0")
package org.switchboard.api.media;
