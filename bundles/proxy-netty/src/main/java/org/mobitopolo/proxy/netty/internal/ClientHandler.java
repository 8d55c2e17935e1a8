package org.mobitopolo.proxy.netty.internal;

import static io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST;
import static io.netty.handler.codec.http.HttpResponseStatus.FORBIDDEN;
import static io.netty.handler.codec.http.HttpResponseStatus.PROXY_AUTHENTICATION_REQUIRED;
import static io.netty.handler.codec.http.HttpResponseStatus.REQUEST_TIMEOUT;
import static io.netty.handler.codec.http.HttpResponseStatus.TOO_MANY_REQUESTS;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: admission (address, limits, credentials), then each request in turn, forwarded
 * ({@link Exchange}), answered from the cache, or turned into a tunnel ({@link Tunnel}). The socket is read
 * only when the proxy can take more, so a slow side slows the other instead of filling memory.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClientHandler.class);

    private final ProxyServer server;
    private final Deque<Object> inbound = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private InetAddress client;
    private boolean clientCounted;
    /** Why every request on this connection is refused (address denied, too many connections), or null. */
    private HttpResponseStatus refusal;
    private String refusalDetail;
    private String user;
    private Exchange exchange;
    private Origin origin;
    private Tunnel tunnel;
    private ScheduledFuture<?> headerTimer;
    private boolean checkingCredentials;
    /** Answered for the last time: whatever else the client sent is dropped. */
    private boolean closing;
    private int requestsSeen;

    ClientHandler(ProxyServer server) {
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        server.counters.active.increment();
        client = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        if (!server.rules.permits(client)) {
            refusal = FORBIDDEN;
            refusalDetail = "clients from " + client.getHostAddress() + " may not use this proxy";
        } else if (!server.perClient.acquire(client)) {
            refusal = TOO_MANY_REQUESTS;
            refusalDetail = client.getHostAddress() + " has " + server.config.limits().connectionsPerClient()
                    + " connections open already, the most one client may";
        } else {
            clientCounted = true;
        }
        armHeaderTimer();
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (tunnel != null) {
            tunnel.fromClient(msg);
            return;
        }
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        inbound.add(msg);
        drain();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            if (exchange != null) {
                exchange.clientWritable();
            } else if (tunnel != null) {
                tunnel.clientWritable();
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        server.counters.active.decrement();
        cancelHeaderTimer();
        inbound.forEach(ReferenceCountUtil::release);
        inbound.clear();
        if (clientCounted) {
            server.perClient.release(client);
        }
        if (user != null) {
            server.perUser.release(user);
        }
        if (exchange != null) {
            exchange.clientGone();
        }
        if (origin != null) {
            origin.channel().close();
        }
        if (tunnel != null) {
            tunnel.clientGone();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Client connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** Handles what the client sent, as far as the current request allows; then reads on if it can take more. */
    void drain() {
        while (!checkingCredentials && tunnel == null && !inbound.isEmpty()) {
            Object m = inbound.peek();
            if (exchange == null && !(m instanceof HttpRequest)) {
                // The rest of a request answered without its body (refused, or served from the cache).
                inbound.poll();
                ReferenceCountUtil.release(m);
            } else if (exchange == null) {
                inbound.poll();
                onRequest((HttpRequest) m);
            } else if (exchange.acceptsBody() && m instanceof HttpContent c) {
                inbound.poll();
                exchange.fromClient(c);
            } else {
                break;
            }
        }
        if (ctx.channel().isActive() && !closing && inbound.isEmpty() && !checkingCredentials && tunnel == null
                && (exchange == null || exchange.acceptsBody())) {
            ctx.read();
        }
    }

    private void onRequest(HttpRequest request) {
        cancelHeaderTimer();
        requestsSeen++;
        if (request.decoderResult().isFailure()) {
            ReferenceCountUtil.release(request);
            server.counters.badRequests.increment();
            FullHttpResponse page = Responses.undecodable(request.decoderResult().cause());
            AccessLog.log(client, user, request.method(), "-", page.status().code(), 0, 0, "-");
            answerAndClose(page);
            return;
        }
        if (refusal != null) {
            server.counters.denied.increment();
            refuse(request, refusal, refusalDetail);
            return;
        }
        if (!server.config.requireAuth()) {
            admitted(request, null);
            return;
        }
        String credentials = basicCredentials(request);
        if (credentials == null) {
            server.counters.denied.increment();
            refuse(request, PROXY_AUTHENTICATION_REQUIRED,
                    "this proxy needs a user name and password (Proxy-Authorization: Basic; curl -U user:password)");
            return;
        }
        String known = server.users.remembered(credentials);
        if (known != null) {
            admitted(request, known);
            return;
        }
        // PBKDF2 takes tens of milliseconds by design: never on the event loop that serves other clients.
        checkingCredentials = true;
        server.blocking.execute(() -> {
            String verified = server.users.verify(credentials);
            ctx.executor().execute(() -> {
                checkingCredentials = false;
                if (!ctx.channel().isActive()) {
                    return;
                }
                if (verified == null) {
                    server.counters.denied.increment();
                    LOG.info("Proxy user {} from {} gave a wrong password or is unknown", Users.claimedName(credentials),
                            client.getHostAddress());
                    refuse(request, PROXY_AUTHENTICATION_REQUIRED, "wrong user name or password");
                } else {
                    admitted(request, verified);
                }
                drain();
            });
        });
    }

    private void admitted(HttpRequest request, String name) {
        if (name != null && !name.equals(user)) {
            if (!server.perUser.acquire(name)) {
                server.counters.denied.increment();
                refuse(request, TOO_MANY_REQUESTS, "user " + name + " has " + server.config.limits().connectionsPerUser()
                        + " connections open already, the most one user may");
                return;
            }
            if (user != null) {
                server.perUser.release(user);
            }
            user = name;
        }
        if (request.method().equals(HttpMethod.CONNECT)) {
            connect(request);
            return;
        }
        Target target;
        try {
            target = Target.ofAbsoluteUri(request.uri());
        } catch (IllegalArgumentException e) {
            server.counters.badRequests.increment();
            refuse(request, BAD_REQUEST, e.getMessage());
            return;
        }
        HttpCache cache = server.cache;
        if (cache == null) {
            forward(request, target, null);
            return;
        }
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            // RFC 9111 §4.4: an unsafe method invalidates what is stored for its URI.
            cache.invalidate(target.uri());
            forward(request, target, null);
            return;
        }
        if (!Freshness.requestUsesCache(request)) {
            forward(request, target, null);
            return;
        }
        HttpCache.Hit hit = cache.get(target.uri());
        long now = System.currentTimeMillis();
        if (hit != null && hit.response().isFresh(now) && !Freshness.requestWantsRevalidation(request.headers())) {
            server.counters.cacheHits.increment();
            serveCached(request, hit, now);
            return;
        }
        boolean revalidate = hit != null && hit.response().hasValidator();
        if (!revalidate) {
            // A revalidation counts when its answer is in: 304 is a hit, anything else a miss.
            server.counters.cacheMisses.increment();
        }
        forward(request, target, revalidate ? hit : null);
    }

    private void forward(HttpRequest request, Target target, HttpCache.Hit stale) {
        exchange = new Exchange(server, this, ctx, request, target, stale, user, client);
        exchange.start();
    }

    private void connect(HttpRequest request) {
        Target target;
        try {
            target = Target.ofAuthority(request.uri(), 443);
        } catch (IllegalArgumentException e) {
            server.counters.badRequests.increment();
            refuse(request, BAD_REQUEST, "CONNECT needs host:port, " + e.getMessage());
            return;
        }
        if (!server.config.connectPorts().contains(target.port())) {
            server.counters.denied.increment();
            refuse(request, FORBIDDEN, "CONNECT to port " + target.port() + " is not allowed here; allowed ports: "
                    + server.config.connectPorts());
            return;
        }
        tunnel = new Tunnel(server, this, ctx, target, user, client);
        // The CONNECT request's end may already be queued; nothing else may be, the client waits for our answer.
        while (!inbound.isEmpty()) {
            ReferenceCountUtil.release(inbound.poll());
        }
        tunnel.open();
    }

    /** Called by a tunnel that could not be opened: the connection goes back to answering requests. */
    void tunnelFailed() {
        tunnel = null;
    }

    private void serveCached(HttpRequest request, HttpCache.Hit hit, long now) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        FullHttpResponse response = Responses.fromCache(request, hit, now, keepAlive);
        AccessLog.log(client, user, request.method(), request.uri(), response.status().code(),
                response.content().readableBytes(), 0, "HIT");
        server.counters.requests.increment();
        if (keepAlive) {
            ctx.writeAndFlush(response);
            armHeaderTimer();
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The exchange in flight is over; on a kept-alive connection the next request may come. */
    void exchangeDone(boolean keepAlive, Origin reusable) {
        exchange = null;
        origin = reusable;
        if (keepAlive) {
            armHeaderTimer();
            drain();
        } else {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The idle origin connection for {@code key}, if this client has one; any other is closed. */
    Origin takeOrigin(String key) {
        Origin o = origin;
        origin = null;
        if (o != null && o.key().equals(key) && o.channel().isActive()) {
            return o;
        }
        if (o != null) {
            o.channel().close();
        }
        return null;
    }

    /** Answers the request ourselves; keeps the connection if the request has no body to skip. */
    void refuse(HttpRequest request, HttpResponseStatus status, String detail) {
        AccessLog.log(client, user, request.method(), request.uri(), status.code(), 0, 0, "-");
        boolean bodyless = !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0;
        FullHttpResponse page = Responses.page(status, detail);
        if (bodyless && HttpUtil.isKeepAlive(request)) {
            Responses.setConnection(page, request.protocolVersion(), true);
            ctx.writeAndFlush(page);
            armHeaderTimer();
        } else {
            answerAndClose(page);
        }
    }

    private void answerAndClose(FullHttpResponse page) {
        page.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        closing = true;
        inbound.forEach(ReferenceCountUtil::release);
        inbound.clear();
        ctx.writeAndFlush(page).addListener(ChannelFutureListener.CLOSE);
    }

    private static String basicCredentials(HttpRequest request) {
        String h = request.headers().get(HttpHeaderNames.PROXY_AUTHORIZATION);
        if (h == null || h.length() < 6 || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        return h.substring(6).strip();
    }

    private void armHeaderTimer() {
        cancelHeaderTimer();
        long millis = server.config.limits().headerTimeoutMillis();
        headerTimer = ctx.executor().schedule(() -> {
            headerTimer = null;
            if (exchange != null || tunnel != null || checkingCredentials || !ctx.channel().isActive()) {
                return;
            }
            if (requestsSeen == 0) {
                // A client that connected and never finished its headers: slowloris or a stuck client.
                server.counters.badRequests.increment();
                AccessLog.log(client, user, null, "-", REQUEST_TIMEOUT.code(), 0, millis, "-");
                answerAndClose(Responses.page(REQUEST_TIMEOUT, "no complete request headers within " + millis + " ms"));
            } else {
                ctx.close();
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    private void cancelHeaderTimer() {
        if (headerTimer != null) {
            headerTimer.cancel(false);
            headerTimer = null;
        }
    }

    /** A connection to an origin server that can carry the next request to the same {@code key}. */
    record Origin(String key, io.netty.channel.Channel channel) {}
}
