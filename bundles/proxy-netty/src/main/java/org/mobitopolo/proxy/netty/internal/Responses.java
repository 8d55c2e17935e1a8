package org.mobitopolo.proxy.netty.internal;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.nio.charset.StandardCharsets;

/** Responses the proxy makes itself: its error pages, stored responses, and the Connection field for a client. */
final class Responses {
    private Responses() {}

    /** The answer to a request the codec could not take: malformed (400), line (414) or headers (431) too long. */
    static FullHttpResponse undecodable(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return page(HttpResponseStatus.REQUEST_URI_TOO_LONG, "the request line is longer than "
                    + ProxyServer.MAX_INITIAL_LINE + " bytes");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return page(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "the request headers are larger than "
                    + ProxyServer.MAX_HEADER_BYTES + " bytes");
        }
        return page(HttpResponseStatus.BAD_REQUEST, "malformed request: " + cause.getMessage());
    }

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

    /** A stored response as the client gets it, with its current {@code Age}. */
    static FullHttpResponse fromCache(HttpRequest request, HttpCache.Hit hit, long now, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, hit.response().status(),
                Unpooled.wrappedBuffer(hit.body()));
        response.headers().set(hit.response().headers());
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, hit.body().length);
        response.headers().set(HttpHeaderNames.AGE, hit.response().ageMillis(now) / 1000);
        if (request.method().equals(HttpMethod.HEAD)) {
            response.content().clear();
        }
        setConnection(response, request.protocolVersion(), keepAlive);
        return response;
    }

    static void setConnection(HttpResponse response, HttpVersion clientVersion,
            boolean keepAlive) {
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!clientVersion.isKeepAliveDefault()) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }
}
