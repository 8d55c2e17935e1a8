package org.mobitopolo.bench.iperf.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollMode;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.mobitopolo.api.bench.BandwidthServer;
import org.mobitopolo.api.bench.ServedTest;
import org.mobitopolo.api.bench.ServerStatus;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.platform.PluginCatalog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An iperf3 server on Netty: TCP control and data connections and UDP streams on one port, as
 * iperf3 has them. Unlike iperf3 it serves several tests at once ({@code maxTests}); a client
 * beyond that gets iperf3's "server is busy".
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component(property = PluginCatalog.PLUGIN_NAME + "=iperf3", configurationPid = "org.mobitopolo.bench.iperf")
@Designate(ocd = IperfServer.Config.class)
public final class IperfServer implements BandwidthServer {
    private static final Logger LOG = LoggerFactory.getLogger(IperfServer.class);
    private static final int RECENT = 20;
    private static final int MAX_DATAGRAM = 65536;
    /** What iperf3 reads at a time; one pooled buffer, recycled on the next read, so no allocation per read. */
    private static final int READ_BYTES = 128 * 1024;

    @ObjectClassDefinition(name = "Mobitopolo iperf3 server")
    public @interface Config {
        @AttributeDefinition(description = "Most parallel streams one test may ask for; iperf3 allows 128", min = "1")
        int maxStreams() default 32;

        @AttributeDefinition(description = "Tests served at the same time; iperf3 serves one", min = "1")
        int maxTests() default 4;

        @AttributeDefinition(description = "Event loop threads for the server's sockets", min = "1")
        int threads() default 2;
    }

    private final Config config;
    private final Map<String, ServerRun> tests = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, Stream> udpStreams = new ConcurrentHashMap<>();
    private final Deque<ServedTest> recent = new ArrayDeque<>();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private Loops loops;
    private Channel tcp;
    private Channel udp;

    @Activate
    public IperfServer(Config config) {
        this.config = config;
    }

    int maxStreams() {
        return config.maxStreams();
    }

    @Override
    public synchronized ServerStatus start(String address, int port) {
        if (tcp != null) {
            throw new PlatformException(ErrorCode.CONFLICT, "the iperf3 server listens already on "
                    + tcp.localAddress() + "; stop it first");
        }
        if (port < 1 || port > 65535) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "port must be 1-65535, got " + port);
        }
        InetSocketAddress at = new InetSocketAddress(address, port);
        if (at.isUnresolved()) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "unknown address " + address);
        }
        loops = Loops.create(config.threads());
        try {
            ServerBootstrap bootstrap = new ServerBootstrap();
            if (loops.epoll()) {
                // Level-triggered: a read that leaves data behind is not followed by one more read
                // that only finds EAGAIN, as edge-triggered needs; fewer system calls per byte.
                bootstrap.childOption(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED);
            }
            tcp = bootstrap.group(loops.group()).channel(loops.server())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .handler(new AcceptOrder())
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR,
                            new FixedRecvByteBufAllocator(READ_BYTES))
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 1024 * 1024))
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            // The accept order was stamped by AcceptOrder before the channel got here.
                            ch.pipeline().addLast(new Classifier(IperfServer.this, ch.attr(AcceptOrder.ORDER).get()));
                        }
                    })
                    .bind(at).syncUninterruptibly().channel();
            udp = new Bootstrap().group(loops.group()).channel(loops.datagram())
                    .option(ChannelOption.SO_RCVBUF, 4 << 20)
                    .option(ChannelOption.SO_SNDBUF, 4 << 20)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                    .handler(new UdpStreams(this))
                    .bind(at).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            stop();
            throw new PlatformException(ErrorCode.FAILED, "cannot listen on " + address + ":" + port + ": "
                    + e.getMessage());
        }
        LOG.info("iperf3 server listening on {} (TCP and UDP, Netty {})", tcp.localAddress(), loops.epoll() ? "epoll" : "NIO");
        return status();
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    @Override
    public synchronized ServerStatus stop() {
        if (tcp != null || loops != null) {
            LOG.info("iperf3 server on {} stopping", tcp != null ? tcp.localAddress() : "?");
            for (ServerRun t : List.copyOf(tests.values())) {
                t.control.close();
            }
            if (tcp != null) {
                tcp.close().syncUninterruptibly();
            }
            if (udp != null) {
                udp.close().syncUninterruptibly();
            }
            loops.close();
            tcp = null;
            udp = null;
            loops = null;
        }
        return status();
    }

    @Override
    public synchronized ServerStatus status() {
        InetSocketAddress at = tcp == null ? null : (InetSocketAddress) tcp.localAddress();
        // One snapshot under the lock finished() takes: a test ending now is counted and listed, or neither.
        synchronized (recent) {
            List<ServedTest> list = new ArrayList<>(recent);
            tests.values().forEach(t -> list.add(t.served()));
            return new ServerStatus(at != null, at == null ? null : at.getAddress().getHostAddress(),
                    at == null ? 0 : at.getPort(), served.get(), failed.get(), malformed.get(), list);
        }
    }

    /** The test owning {@code cookie}, or {@code null}. */
    ServerRun test(String cookie) {
        return tests.get(cookie);
    }

    /** Makes {@code control} a new test's control connection, unless the server is full. */
    boolean admit(String cookie, Channel control) {
        synchronized (tests) {
            if (tests.size() >= config.maxTests()) {
                LOG.info("Refused a test from {}: {} tests run already", control.remoteAddress(), tests.size());
                failed.incrementAndGet();
                return false;
            }
            ControlDecoder decoder = new ControlDecoder();
            ServerRun test = new ServerRun(this, cookie, control, decoder);
            tests.put(cookie, test);
            control.pipeline().addLast(decoder, test);
            return true;
        }
    }

    /** The test waiting for a UDP stream from {@code client}, or {@code null}. */
    ServerRun awaitingUdp(InetSocketAddress client) {
        return tests.values().stream().filter(t -> t.awaitsStreams(true, client)).findFirst().orElse(null);
    }

    void addUdp(InetSocketAddress client, Stream stream) {
        udpStreams.put(client, stream);
    }

    Stream udpStream(InetSocketAddress client) {
        return udpStreams.get(client);
    }

    void forgetUdp(InetSocketAddress client) {
        udpStreams.remove(client);
    }

    long nextOrder() {
        return accepted.incrementAndGet();
    }

    boolean knowsRetransmits() {
        Loops l = loops;
        return l != null && l.epoll();
    }

    void countMalformed() {
        malformed.incrementAndGet();
    }

    void finished(ServerRun test, boolean completed) {
        synchronized (recent) {
            tests.remove(test.cookie);
            (completed ? served : failed).incrementAndGet();
            recent.addLast(test.served());
            while (recent.size() > RECENT) {
                recent.removeFirst();
            }
        }
    }

    /** Stamps accepted connections in accept order, which is the order an iperf3 client opened its streams in. */
    private final class AcceptOrder extends ChannelInboundHandlerAdapter {
        static final io.netty.util.AttributeKey<Long> ORDER = io.netty.util.AttributeKey.valueOf("iperf3.order");

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((Channel) msg).attr(ORDER).set(nextOrder());
            ctx.fireChannelRead(msg);
        }
    }
}
