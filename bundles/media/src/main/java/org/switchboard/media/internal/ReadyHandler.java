package org.switchboard.media.internal;

/** What a selector key's attachment does when its socket has datagrams. */
interface ReadyHandler {
    void onReadable(MediaLoop loop);
}
