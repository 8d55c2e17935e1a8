package org.mobitopolo.proxy.netty.internal;

import static io.netty.handler.codec.http.HttpResponseStatus.BAD_GATEWAY;
import static io.netty.handler.codec.http.HttpResponseStatus.GATEWAY_TIMEOUT;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;

/** A {@code CONNECT} tunnel: once open, bytes pass both ways untouched (TLS, usually) as each side can take them. */
final class Tunnel {
    /** Tunnels idle this long are closed: they hold two sockets each. */
    private static final long IDLE_SECONDS = 300;
    private static final HttpResponseStatus ESTABLISHED = new HttpResponseStatus(200, "Connection established");

    private final ProxyServer server;
    private final ClientHandler handler;
    private final ChannelHandlerContext client;
    private final Target target;
    private final String user;
    private final InetAddress clientAddress;
    private final long startNanos = System.nanoTime();
    private Channel origin;
    private boolean closed;
    private long bytesUp;
    private long bytesDown;

    Tunnel(ProxyServer server, ClientHandler handler, ChannelHandlerContext client, Target target, String user,
            InetAddress clientAddress) {
        this.server = server;
        this.handler = handler;
        this.client = client;
        this.target = target;
        this.user = user;
        this.clientAddress = clientAddress;
    }

    void open() {
        server.origin(client.channel().eventLoop(), new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                server.track(ch);
                ch.pipeline().addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS), new OriginSide());
            }
        }).connect(target.host(), target.port()).addListener((io.netty.channel.ChannelFuture f) -> {
            if (!client.channel().isActive()) {
                f.channel().close();
            } else if (f.isSuccess()) {
                established(f.channel());
            } else {
                failed(f.cause());
            }
        });
    }

    private void established(Channel ch) {
        origin = ch;
        server.counters.requests.increment();
        client.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, ESTABLISHED));
        // From here on the client's bytes are not HTTP: the codec goes, anything it held comes to us raw.
        client.pipeline().remove("http");
        client.read();
        origin.read();
    }

    private void failed(Throwable cause) {
        server.counters.upstreamFailures.increment();
        HttpResponseStatus status = cause instanceof ConnectTimeoutException ? GATEWAY_TIMEOUT : BAD_GATEWAY;
        String detail = cause instanceof UnknownHostException ? "unknown host " + target.host()
                : "cannot connect to " + target.key() + ": " + cause.getMessage();
        AccessLog.log(clientAddress, user, HttpMethod.CONNECT, target.key(), status.code(), 0, millis(), "-");
        handler.tunnelFailed();
        var page = Responses.page(status, detail);
        page.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        client.writeAndFlush(page).addListener(ChannelFutureListener.CLOSE);
    }

    void fromClient(Object msg) {
        if (origin == null || !(msg instanceof ByteBuf buf)) {
            // The CONNECT request's own end, still coming through the codec.
            ReferenceCountUtil.release(msg);
            return;
        }
        bytesUp += buf.readableBytes();
        origin.writeAndFlush(buf);
        if (origin.isWritable()) {
            client.read();
        }
    }

    void clientWritable() {
        if (origin != null) {
            origin.read();
        }
    }

    void clientGone() {
        if (origin != null) {
            origin.close();
        }
        logOnce();
    }

    private void logOnce() {
        if (!closed) {
            closed = true;
            AccessLog.log(clientAddress, user, HttpMethod.CONNECT, target.key(), 200, bytesUp + bytesDown, millis(), "-");
        }
    }

    private long millis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private final class OriginSide extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            bytesDown += ((ByteBuf) msg).readableBytes();
            client.writeAndFlush(msg);
            if (client.channel().isWritable()) {
                ctx.read();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable() && client.channel().isActive()) {
                client.read();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            logOnce();
            client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
