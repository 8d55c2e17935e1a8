package org.mobitopolo.proxy.netty.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.DefaultNameResolver;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.platform.PluginCatalog;
import org.mobitopolo.api.proxy.ProxyConfig;
import org.mobitopolo.api.proxy.ProxyStatus;
import org.mobitopolo.api.proxy.WebProxy;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded proxy. It owns the event loops (epoll where available) for as long as the bundle runs;
 * {@link #start} binds a {@link ProxyServer} on them, a restart swaps the server, not the loops. Users
 * and the disk cache live under {@code ${karaf.data}/mobitopolo/proxy}.
 */
@Component(service = WebProxy.class, property = {WebProxy.IMPLEMENTATION + "=" + NettyWebProxy.NAME,
        PluginCatalog.PLUGIN_NAME + "=" + NettyWebProxy.NAME})
public final class NettyWebProxy implements WebProxy {
    static final String NAME = "netty";
    private static final Logger LOG = LoggerFactory.getLogger(NettyWebProxy.class);

    private final Path dataDir;
    private final Users users;
    private final boolean epoll = Epoll.isAvailable();
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService blocking;
    private final EventExecutorGroup dnsThreads;
    private final AddressResolverGroup<InetSocketAddress> resolver;
    private ProxyServer server;
    private ProxyServer last;

    public NettyWebProxy() {
        this(Path.of(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "mobitopolo", "proxy"));
    }

    NettyWebProxy(Path dataDir) {
        this.dataDir = dataDir;
        this.users = new Users(dataDir.resolve("users"));
        boss = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        // One loop per core: more would only take turns on the same cores.
        int loops = Runtime.getRuntime().availableProcessors();
        workers = epoll ? new EpollEventLoopGroup(loops) : new NioEventLoopGroup(loops);
        blocking = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "proxy-credentials");
            t.setDaemon(true);
            return t;
        });
        // Name lookups block (getaddrinfo): a few threads of their own, never the event loops.
        dnsThreads = new DefaultEventExecutorGroup(4);
        resolver = new AddressResolverGroup<>() {
            @Override
            protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
                return new DefaultNameResolver(dnsThreads.next()).asAddressResolver();
            }
        };
        LOG.info("Embedded web proxy ready ({} transport), data in {}", epoll ? "epoll" : "nio", dataDir);
    }

    @Override
    public synchronized ProxyStatus start(ProxyConfig config) {
        stopServer();
        HttpCache cache = config.cacheBytes() > 0 || config.cacheDiskBytes() > 0
                ? new HttpCache(config.cacheBytes(), config.cacheDiskBytes(), dataDir.resolve("cache"))
                : null;
        ProxyServer s = new ProxyServer(config, users, cache, blocking, socketChannel(), resolver);
        try {
            s.bind(boss, workers, serverChannel());
        } catch (Exception e) {
            s.close();
            last = s;
            throw new PlatformException(ErrorCode.CONFLICT, "cannot listen on " + config.bindAddress() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        } catch (Error e) {
            s.close();
            throw e;
        }
        if (config.requireAuth() && users.isEmpty()) {
            LOG.warn("Web proxy requires users but has none: add one with mobi:proxy-users --add NAME");
        }
        server = s;
        last = s;
        LOG.info("Web proxy listening on {}:{} (auth {}, cache {} B memory + {} B disk)", config.bindAddress(),
                config.port(), config.requireAuth() ? "on" : "off", config.cacheBytes(), config.cacheDiskBytes());
        return s.status(true);
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            LOG.info("Web proxy on port {} stopping", server.config.port());
        }
        stopServer();
    }

    @Override
    public synchronized ProxyStatus status() {
        if (server != null) {
            return server.status(true);
        }
        if (last != null) {
            return last.status(false);
        }
        return new ProxyStatus(false, 0, 0, 0, 0, 0, 0, NAME, null, 0, 0, 0);
    }

    @Override
    public void putUser(String name, char[] password) {
        users.put(name, password);
    }

    @Override
    public boolean removeUser(String name) {
        return users.remove(name);
    }

    @Override
    public List<String> users() {
        return users.names();
    }

    private void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    private Class<? extends SocketChannel> socketChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    private Class<? extends ServerSocketChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    @Deactivate
    void close() {
        stop();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        dnsThreads.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        blocking.shutdownNow();
        LOG.info("Embedded web proxy closed");
    }
}
