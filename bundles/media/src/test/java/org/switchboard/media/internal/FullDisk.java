package org.switchboard.media.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A real file on a disk that is full past {@code capacity} bytes: writes that would grow the file
 * beyond it fail with the error a full disk gives ({@code No space left on device}); rewriting
 * what is already there (the WAV header) still works, as on a real full disk.
 */
final class FullDisk extends FileChannel {
    private final FileChannel file;
    private final long capacity;

    private FullDisk(FileChannel file, long capacity) {
        this.file = file;
        this.capacity = capacity;
    }

    /** Capture files that can hold {@code capacity} bytes. */
    static Capture.Disk holding(long capacity) {
        return path -> new FullDisk(Capture.Disk.LOCAL.open(path), capacity);
    }

    private void check(long position, int length) throws IOException {
        if (position + length > Math.max(capacity, file.size())) {
            throw new IOException("No space left on device");
        }
    }

    @Override
    public int write(ByteBuffer source, long position) throws IOException {
        check(position, source.remaining());
        return file.write(source, position);
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        check(file.position(), source.remaining());
        return file.write(source);
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
        throw new IOException("No space left on device");
    }

    @Override
    public int read(ByteBuffer target) throws IOException {
        return file.read(target);
    }

    @Override
    public long read(ByteBuffer[] targets, int offset, int length) throws IOException {
        return file.read(targets, offset, length);
    }

    @Override
    public int read(ByteBuffer target, long position) throws IOException {
        return file.read(target, position);
    }

    @Override
    public long position() throws IOException {
        return file.position();
    }

    @Override
    public FileChannel position(long position) throws IOException {
        file.position(position);
        return this;
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        file.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        file.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return file.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel source, long position, long count) throws IOException {
        throw new IOException("No space left on device");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        throw new IOException("not supported by this test disk");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return file.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return file.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        file.close();
    }
}
