package org.mobitopolo.proxy.netty.internal;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** The proxy's own answers: a short HTML page that says what went wrong and what to do. */
final class ErrorPages {
    private ErrorPages() {}

    static FullHttpResponse page(HttpResponseStatus status, String detail) {
        String title = status.code() + " " + status.reasonPhrase();
        String html = "<!DOCTYPE html>\n<html><head><title>" + title + "</title></head><body><h1>" + title
                + "</h1><p>" + escape(detail) + "</p><hr><address>" + HopByHop.PSEUDONYM + " proxy</address></body></html>\n";
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(html.getBytes(StandardCharsets.UTF_8)));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (status.equals(HttpResponseStatus.PROXY_AUTHENTICATION_REQUIRED)) {
            r.headers().set(HttpHeaderNames.PROXY_AUTHENTICATE, "Basic realm=\"" + HopByHop.PSEUDONYM + "\", charset=\"UTF-8\"");
        }
        return r;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
