package org.mobitopolo.proxy.netty.internal;

import static io.netty.handler.codec.http.HttpResponseStatus.BAD_GATEWAY;
import static io.netty.handler.codec.http.HttpResponseStatus.GATEWAY_TIMEOUT;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request forwarded to its origin and the response streamed back, piece by piece as each side can
 * take it: bodies of any size pass without being held whole. A response that may be cached is copied
 * aside on its way, up to the cache's object size.
 */
final class Exchange {
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    private final ProxyServer server;
    private final ClientHandler handler;
    private final ChannelHandlerContext client;
    private final HttpRequest request;
    private final HttpRequest upstreamRequest;
    private final Target target;
    private final HttpCache.Hit stale;
    private final String user;
    private final InetAddress clientAddress;
    private final long startNanos = System.nanoTime();
    private final boolean clientKeepAlive;
    private final boolean bodyless;
    private Channel origin;
    private boolean reused;
    private boolean requestComplete;
    private boolean responseStarted;
    private boolean done;
    private boolean interim;
    private boolean swallow;
    private boolean keepAlive;
    private boolean originKeepAlive;
    private int status;
    private long bytes;
    private String cacheNote = "-";
    private CacheCapture capture;

    Exchange(ProxyServer server, ClientHandler handler, ChannelHandlerContext client, HttpRequest request, Target target,
            HttpCache.Hit stale, String user, InetAddress clientAddress) {
        this.server = server;
        this.handler = handler;
        this.client = client;
        this.request = request;
        this.target = target;
        this.stale = stale;
        this.user = user;
        this.clientAddress = clientAddress;
        this.clientKeepAlive = HttpUtil.isKeepAlive(request);
        this.keepAlive = clientKeepAlive;
        this.bodyless = !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0;
        this.upstreamRequest = new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(), target.originForm(),
                request.headers().copy());
        HopByHop.strip(upstreamRequest, request.protocolVersion());
        upstreamRequest.headers().set(HttpHeaderNames.HOST, target.hostHeader());
        if (stale != null) {
            String etag = stale.response().headers().get(HttpHeaderNames.ETAG);
            String modified = stale.response().headers().get(HttpHeaderNames.LAST_MODIFIED);
            if (etag != null) {
                upstreamRequest.headers().set(HttpHeaderNames.IF_NONE_MATCH, etag);
            }
            if (modified != null) {
                upstreamRequest.headers().set(HttpHeaderNames.IF_MODIFIED_SINCE, modified);
            }
        }
    }

    void start() {
        ClientHandler.Origin kept = handler.takeOrigin(target.key());
        if (kept != null) {
            reused = true;
            attach(kept.channel());
            return;
        }
        connect();
    }

    private void connect() {
        reused = false;
        ChannelFuture f = server.origin(client.channel().eventLoop(), new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                server.track(ch);
                ch.pipeline().addLast("timeout", new IdleStateHandler(server.config.limits().upstreamTimeoutMillis(), 0, 0,
                        TimeUnit.MILLISECONDS));
                ch.pipeline().addLast("http", new HttpClientCodec(8192, 65536, 64 * 1024));
                ch.pipeline().addLast("origin", new OriginHandler());
            }
        }).connect(target.host(), target.port());
        f.addListener(done -> {
            if (this.done) {
                f.channel().close();
            } else if (done.isSuccess()) {
                attach(f.channel());
            } else {
                Throwable cause = done.cause();
                if (cause instanceof ConnectTimeoutException) {
                    fail(GATEWAY_TIMEOUT, target.key() + " did not accept a connection within "
                            + server.config.limits().upstreamTimeoutMillis() + " ms");
                } else if (cause instanceof UnknownHostException) {
                    fail(BAD_GATEWAY, "unknown host " + target.host());
                } else {
                    fail(BAD_GATEWAY, "cannot connect to " + target.key() + ": " + reason(cause));
                }
            }
        });
    }

    private void attach(Channel ch) {
        origin = ch;
        ((OriginHandler) ch.pipeline().get("origin")).exchange = this;
        ch.write(upstreamRequest);
        if (requestComplete) {
            // A retry on a fresh connection: the (empty) body went to the closed one.
            ch.write(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        ch.flush();
        ch.read();
        handler.drain();
    }

    /** Whether the next piece of the request body can go to the origin now. */
    boolean acceptsBody() {
        return origin != null && !requestComplete && origin.isWritable();
    }

    void fromClient(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        origin.writeAndFlush(content);
        if (last) {
            requestComplete = true;
        }
    }

    void clientWritable() {
        if (origin != null && responseStarted && !done) {
            origin.read();
        }
    }

    void clientGone() {
        if (!done) {
            done = true;
            if (origin != null) {
                origin.close();
            }
        }
    }

    private void onResponse(HttpResponse response) {
        if (response.decoderResult().isFailure()) {
            origin.close();
            fail(BAD_GATEWAY, target.key() + " sent a malformed response: " + reason(response.decoderResult().cause()));
            return;
        }
        int code = response.status().code();
        if (code == 100 || code == 102 || code == 103) {
            interim = true;
            // Whole, so that the encoder ends it before the final response comes.
            HttpResponse copy = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, response.status(),
                    Unpooled.EMPTY_BUFFER, response.headers().copy(), EmptyHttpHeaders.INSTANCE);
            HopByHop.strip(copy, response.protocolVersion());
            client.writeAndFlush(copy);
            return;
        }
        if (code == 101) {
            origin.close();
            fail(BAD_GATEWAY, target.key() + " switched protocols, which this proxy does not relay");
            return;
        }
        originKeepAlive = HttpUtil.isKeepAlive(response);
        status = code;
        long now = System.currentTimeMillis();
        HttpCache cache = server.cache;
        if (stale != null && code == 304) {
            CachedResponse refreshed = stale.response().refreshedBy(response.headers(), now);
            cache.refresh(target.uri(), refreshed);
            server.counters.cacheHits.increment();
            swallow = true;
            responseStarted = true;
            cacheNote = "REVALIDATED";
            FullHttpResponse r = Responses.fromCache(request, new HttpCache.Hit(refreshed, stale.body()), now,
                    keepAlive);
            status = r.status().code();
            bytes = r.content().readableBytes();
            client.write(r);
            return;
        }
        if (stale != null) {
            server.counters.cacheMisses.increment();
        }
        boolean readUntilClose = !HttpUtil.isContentLengthSet(response) && !HttpUtil.isTransferEncodingChunked(response)
                && !request.method().equals(HttpMethod.HEAD) && code != 204 && code != 304;
        HopByHop.strip(response, response.protocolVersion());
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (readUntilClose) {
            if (request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
                HttpUtil.setTransferEncodingChunked(response, true);
            } else {
                keepAlive = false;
            }
            originKeepAlive = false;
        }
        if (cache != null && request.method().equals(HttpMethod.GET) && Freshness.requestUsesCache(request)
                && Freshness.storable(response) && HttpUtil.getContentLength(response, 0L) <= cache.maxObjectBytes()) {
            capture = new CacheCapture(cache, target.uri(), response);
            cacheNote = stale == null ? "MISS" : "REFRESHED";
        } else if (cache != null && stale != null) {
            cache.invalidate(target.uri());
        }
        Responses.setConnection(response, request.protocolVersion(), keepAlive);
        responseStarted = true;
        client.write(response);
    }

    private void onContent(HttpContent content) {
        if (interim) {
            interim = !(content instanceof LastHttpContent);
            content.release();
            return;
        }
        if (content.decoderResult().isFailure()) {
            content.release();
            abort(target.key() + " broke off the response: " + reason(content.decoderResult().cause()));
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (swallow) {
            content.release();
        } else {
            ByteBuf b = content.content();
            bytes += b.readableBytes();
            if (capture != null && !capture.add(b)) {
                capture = null;
            }
            client.write(content);
        }
        if (last) {
            complete();
        }
    }

    private void complete() {
        done = true;
        server.counters.requests.increment();
        AccessLog.log(clientAddress, user, request.method(), request.uri(), status, bytes, millis(), cacheNote);
        if (capture != null) {
            capture.store();
        }
        client.flush();
        boolean reusable = originKeepAlive && requestComplete && origin.isActive();
        ClientHandler.Origin keep = null;
        if (reusable) {
            ((OriginHandler) origin.pipeline().get("origin")).exchange = null;
            keep = new ClientHandler.Origin(target.key(), origin);
        } else {
            origin.close();
        }
        // A response that came before the whole request was sent leaves a body we would have to skip.
        handler.exchangeDone(keepAlive && requestComplete, keep);
    }

    /** Before any response went to the client: a page that says what failed. */
    private void fail(HttpResponseStatus failure, String detail) {
        if (done) {
            return;
        }
        if (responseStarted) {
            abort(detail);
            return;
        }
        done = true;
        server.counters.upstreamFailures.increment();
        LOG.debug("{} {}: {}", request.method(), AccessLog.withoutUserInfo(request.uri()), detail);
        AccessLog.log(clientAddress, user, request.method(), request.uri(), failure.code(), 0, millis(), "-");
        FullHttpResponse page = Responses.page(failure, detail);
        boolean keep = keepAlive && (requestComplete || bodyless);
        Responses.setConnection(page, request.protocolVersion(), keep);
        if (origin != null) {
            origin.close();
        }
        client.writeAndFlush(page);
        handler.exchangeDone(keep, null);
    }

    /** After the response began: all the client can learn is a cut connection. */
    private void abort(String detail) {
        done = true;
        server.counters.upstreamFailures.increment();
        LOG.debug("{} {}: {}", request.method(), AccessLog.withoutUserInfo(request.uri()), detail);
        AccessLog.log(clientAddress, user, request.method(), request.uri(), status, bytes, millis(), "ABORTED");
        if (origin != null) {
            origin.close();
        }
        client.close();
    }

    private long millis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String reason(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.replaceFirst("^[a-zA-Z.]+: ", "");
    }

    boolean isDone() {
        return done;
    }

    /** A response piece from the origin. */
    void fromOrigin(Object msg) {
        if (msg instanceof HttpResponse r) {
            if (r.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                onResponse(r);
                return;
            }
            onResponse(r);
            if (msg instanceof HttpContent c) {
                onContent(c);
            }
        } else if (msg instanceof HttpContent c) {
            onContent(c);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /** The origin's read burst is over: pass it on, and read more if the client keeps up. */
    void originReadComplete() {
        client.flush();
        if (client.channel().isWritable()) {
            origin.read();
        }
    }

    void originWritable() {
        handler.drain();
    }

    void originSilent() {
        fail(GATEWAY_TIMEOUT, target.key() + " sent nothing for " + server.config.limits().upstreamTimeoutMillis() + " ms");
    }

    void originClosed() {
        if (reused && !responseStarted && bodyless
                && (request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD))) {
            // The kept connection was closed by the origin as we reused it: try once on a fresh one.
            connect();
        } else {
            fail(BAD_GATEWAY, target.key() + " closed the connection without a complete response");
        }
    }
}
