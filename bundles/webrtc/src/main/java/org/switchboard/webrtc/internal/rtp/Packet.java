package org.switchboard.webrtc.internal.rtp;

import org.jitsi.utils.ByteArrayBuffer;

/** A datagram in a byte array, as jitsi-srtp transforms it in place (it may grow by the auth tag). */
public final class Packet implements ByteArrayBuffer {

    private byte[] buffer;
    private int offset;
    private int length;

    public Packet(byte[] buffer, int offset, int length) {
        wrap(buffer, offset, length);
    }

    public Packet wrap(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    @Override
    public byte[] getBuffer() {
        return buffer;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int length) {
        this.length = length;
    }

    @Override
    public void setOffset(int offset) {
        this.offset = offset;
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] out) {
        System.arraycopy(buffer, offset + off, out, 0, len);
    }

    @Override
    public void grow(int howMuch) {
        if (offset + length + howMuch > buffer.length) {
            byte[] bigger = new byte[length + howMuch];
            System.arraycopy(buffer, offset, bigger, 0, length);
            buffer = bigger;
            offset = 0;
        }
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, buffer, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        length = Math.max(0, length - len);
    }
}
