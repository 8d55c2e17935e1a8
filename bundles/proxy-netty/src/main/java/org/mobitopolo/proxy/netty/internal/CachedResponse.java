package org.mobitopolo.proxy.netty.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A stored response without its body: status, end-to-end headers, and when it stops being fresh.
 *
 * @param receivedMillis when it arrived (or was last revalidated)
 */
record CachedResponse(HttpResponseStatus status, HttpHeaders headers, long receivedMillis, long initialAgeMillis,
        long lifetimeMillis) {
    static CachedResponse of(HttpResponseStatus status, HttpHeaders headers, long now) {
        return new CachedResponse(status, headers, now, Freshness.initialAgeMillis(headers), Freshness.lifetimeMillis(headers));
    }

    long ageMillis(long now) {
        return initialAgeMillis + Math.max(0, now - receivedMillis);
    }

    boolean isFresh(long now) {
        return ageMillis(now) < lifetimeMillis;
    }

    boolean hasValidator() {
        return headers.contains(HttpHeaderNames.ETAG) || headers.contains(HttpHeaderNames.LAST_MODIFIED);
    }

    /** This response updated by a {@code 304 Not Modified}'s headers (RFC 9111 §4.3.4). */
    CachedResponse refreshedBy(HttpHeaders notModified, long now) {
        HttpHeaders merged = headers.copy();
        for (var field : notModified) {
            String name = field.getKey();
            if (!name.equalsIgnoreCase(HttpHeaderNames.CONTENT_LENGTH.toString())
                    && !name.equalsIgnoreCase(HttpHeaderNames.TRANSFER_ENCODING.toString())
                    && !name.equalsIgnoreCase(HttpHeaderNames.VIA.toString())) {
                merged.set(name, notModified.getAll(name));
            }
        }
        return of(status, merged, now);
    }

    long sizeEstimate() {
        return 64L + headers.size() * 64L;
    }
}
