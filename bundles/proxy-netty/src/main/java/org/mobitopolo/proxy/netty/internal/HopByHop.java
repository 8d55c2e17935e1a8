package org.mobitopolo.proxy.netty.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;

/** RFC 9110 §7.6: what a proxy must not pass on, and the {@code Via} it must add. */
final class HopByHop {
    static final String PSEUDONYM = "mobitopolo";

    private HopByHop() {}

    /**
     * Removes the connection-specific fields (and those {@code Connection} names) and adds {@code Via};
     * keeps chunked framing, which the encoder needs to frame the body again.
     *
     * @param received the protocol version the message came in with, which {@code Via} records
     */
    static void strip(HttpMessage message, HttpVersion received) {
        HttpHeaders h = message.headers();
        boolean chunked = HttpUtil.isTransferEncodingChunked(message);
        List<String> named = new ArrayList<>();
        for (String value : h.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                if (!token.isBlank()) {
                    named.add(token.strip());
                }
            }
        }
        named.forEach(h::remove);
        h.remove(HttpHeaderNames.CONNECTION);
        h.remove(HttpHeaderNames.KEEP_ALIVE);
        h.remove(HttpHeaderNames.PROXY_CONNECTION);
        h.remove(HttpHeaderNames.TE);
        h.remove(HttpHeaderNames.TRAILER);
        h.remove(HttpHeaderNames.TRANSFER_ENCODING);
        h.remove(HttpHeaderNames.UPGRADE);
        h.remove(HttpHeaderNames.PROXY_AUTHORIZATION);
        h.remove(HttpHeaderNames.PROXY_AUTHENTICATE);
        if (chunked) {
            HttpUtil.setTransferEncodingChunked(message, true);
        }
        h.add(HttpHeaderNames.VIA, received.majorVersion() + "." + received.minorVersion() + " " + PSEUDONYM);
    }
}
