package org.mobitopolo.rest.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body read with a limit: past {@code limit} bytes a read fails, so that a body larger than
 * any the endpoint takes is refused as it comes, not after it is all in memory.
 */
final class BoundedBody extends FilterInputStream {
    /** A body over the limit, answered 413 ({@link Problems}) with a detail that says the limit. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("a JSON body is at most " + (limit >> 20) + " MiB");
        }
    }

    private final long limit;
    private long read;

    BoundedBody(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    /** Whether the body went past the limit. */
    boolean exceeded() {
        return read > limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        count(b < 0 ? 0 : 1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, (int) Math.min(length, limit - read + 1)); // one byte past says it all
        count(Math.max(n, 0));
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, limit - read + 1));
        count(skipped);
        return skipped;
    }

    private void count(long n) throws IOException {
        read += n;
        if (exceeded()) {
            UnreadBody.leave(); // nor may CXF read the rest into its cache
            throw new IOException("the body is over " + limit + " bytes");
        }
    }
}
