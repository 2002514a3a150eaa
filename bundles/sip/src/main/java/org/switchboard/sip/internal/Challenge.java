package org.switchboard.sip.internal;

/** One {@code WWW-Authenticate} / {@code Proxy-Authenticate} Digest challenge; qop is always {@code auth}. */
record Challenge(String realm, String nonce, String opaque, DigestAlgorithm algorithm, boolean stale) {}
