package org.mobitopolo.proxy.netty.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import org.mobitopolo.api.proxy.ProxyConfig;
import org.mobitopolo.api.proxy.ProxyStatus;

/** One running proxy: its settings, listening socket, client connections and what they share. */
final class ProxyServer {
    /** Request line and header limits: larger requests are answered 414/431 without being buffered. */
    static final int MAX_INITIAL_LINE = 8192;
    static final int MAX_HEADER_BYTES = 16384;
    private static final int MAX_CHUNK = 64 * 1024;

    final ProxyConfig config;
    final AccessRules rules;
    final Users users;
    final HttpCache cache;
    final Counters counters = new Counters();
    final ConnectionLimits<InetAddress> perClient;
    final ConnectionLimits<String> perUser;
    /** Where slow work goes (password hashing), off the event loops. */
    final Executor blocking;
    private final Class<? extends SocketChannel> socketChannel;
    private final AddressResolverGroup<InetSocketAddress> resolver;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private Channel listener;

    ProxyServer(ProxyConfig config, Users users, HttpCache cache, Executor blocking,
            Class<? extends SocketChannel> socketChannel, AddressResolverGroup<InetSocketAddress> resolver) {
        this.config = config;
        this.rules = AccessRules.of(config.allow(), config.deny());
        this.users = users;
        this.cache = cache;
        this.blocking = blocking;
        this.socketChannel = socketChannel;
        this.resolver = resolver;
        this.perClient = new ConnectionLimits<>(config.limits().connectionsPerClient());
        this.perUser = new ConnectionLimits<>(config.limits().connectionsPerUser());
    }

    /** Listens; returns once the socket is bound. */
    void bind(EventLoopGroup boss, EventLoopGroup workers, Class<? extends ServerSocketChannel> serverChannel)
            throws InterruptedException {
        listener = new ServerBootstrap().group(boss, workers).channel(serverChannel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        ch.pipeline().addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, MAX_CHUNK));
                        ch.pipeline().addLast("proxy", new ClientHandler(ProxyServer.this));
                    }
                })
                .bind(config.bindAddress(), config.port()).sync().channel();
    }

    /** A connection to an origin server (or CONNECT target) on the client's own event loop: no locking. */
    Bootstrap origin(EventLoop loop, ChannelHandler handler) {
        return new Bootstrap().group(loop).channel(socketChannel).resolver(resolver)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.limits().upstreamTimeoutMillis()))
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(handler);
    }

    /** Registers an origin connection so that stopping the proxy closes it too. */
    void track(Channel ch) {
        channels.add(ch);
    }

    void close() {
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        channels.close().awaitUninterruptibly();
    }

    ProxyStatus status(boolean running) {
        Counters c = counters;
        return new ProxyStatus(running, config.port(), c.requests.sum(), running ? c.active.sum() : 0, c.denied.sum(),
                c.cacheHits.sum(), c.cacheMisses.sum(), NettyWebProxy.NAME, config, c.badRequests.sum(),
                c.upstreamFailures.sum(), cache == null ? 0 : cache.bytes());
    }
}
