package org.mobitopolo.proxy.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import java.io.ByteArrayOutputStream;

/** A storable response's body, copied aside as it streams to the client, then put in the cache whole. */
final class CacheCapture {
    private final HttpCache cache;
    private final String key;
    private final HttpResponse response;
    private final long receivedMillis = System.currentTimeMillis();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    CacheCapture(HttpCache cache, String key, HttpResponse response) {
        this.cache = cache;
        this.key = key;
        this.response = response;
    }

    /** Copies a piece; false once the body outgrows what the cache would keep (then it is dropped). */
    boolean add(ByteBuf piece) {
        if (body.size() + piece.readableBytes() > cache.maxObjectBytes()) {
            return false;
        }
        body.writeBytes(io.netty.buffer.ByteBufUtil.getBytes(piece));
        return true;
    }

    void store() {
        HttpHeaders h = response.headers().copy();
        // Hop-level and per-delivery fields are set again for each client.
        h.remove(HttpHeaderNames.CONNECTION);
        h.remove(HttpHeaderNames.TRANSFER_ENCODING);
        h.remove(HttpHeaderNames.AGE);
        cache.put(key, new CachedResponse(response.status(), h, receivedMillis,
                Freshness.initialAgeMillis(response.headers()), Freshness.lifetimeMillis(h)), body.toByteArray());
    }
}
