package org.mobitopolo.netservices.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.net.FrameFormat;
import org.mobitopolo.api.net.PortBinding;
import org.mobitopolo.api.net.VirtualSwitch;
import org.mobitopolo.api.netservices.DnsRecord;
import org.mobitopolo.api.netservices.Lease;
import org.mobitopolo.api.netservices.NetworkServices;
import org.mobitopolo.api.netservices.ServiceInfo;
import org.mobitopolo.api.netservices.ServiceSpec;
import org.mobitopolo.api.netservices.TsigKey;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Network services on the virtual switch: each network that has them gets a port of the switch,
 * taking raw frames like a QEMU NIC, behind which {@link NetworkService} answers; the host's DNS
 * port answers for every zone. The switch restarting restarts this component, which then attaches
 * its ports again.
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component(configurationPid = "org.mobitopolo.netservices")
@Designate(ocd = SwitchServices.Config.class)
public final class SwitchServices implements NetworkServices {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchServices.class);
    static final String MODULE = "netservices";
    /** The owner the services' ports show in the switch's port lists. */
    static final String OWNER = "services";
    private static final SecureRandom RANDOM = new SecureRandom();

    @ObjectClassDefinition(name = "Mobitopolo network services (DHCP, DNS)")
    public @interface Config {
        @AttributeDefinition(description = "Address of the host's DNS port, which answers for every zone (UDP and TCP)")
        String dnsAddress() default "127.0.0.1";

        @AttributeDefinition(description = "The host's DNS port; 0 keeps it shut (the networks' own DNS still answers their VMs)",
                min = "0", max = "65535")
        int dnsPort() default 10053;

        @AttributeDefinition(description = "Time to live of every DNS answer, in seconds: low, since VMs move", min = "0")
        int ttlSeconds() default 5;

        @AttributeDefinition(description = "How long a DHCP lease runs, in seconds", min = "60")
        int leaseSeconds() default 3600;
    }

    private final VirtualSwitch sw;
    private final Config config;
    private final ServiceTables tables;
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final DnsResponder dns = new DnsResponder();
    private final Counters hostCounters = new Counters();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final List<Channel> hostPort;

    /** A network's services and the socket behind their switch port. */
    private record Running(NetworkService service, String portId, Channel channel) {}

    @Activate
    public SwitchServices(@Reference VirtualSwitch sw, @Reference Store store, Config config) {
        this.sw = sw;
        this.config = config;
        store.migrate(MODULE, SwitchServices.class.getClassLoader());
        this.tables = new ServiceTables(store.dataSource());
        for (ServiceTables.Network n : tables.networks()) {
            if (sw.networks().stream().noneMatch(i -> i.name().equals(n.network()))) {
                LOG.warn("Network {} has services kept but is not on the switch: they start when it is configured again", n.network());
                continue;
            }
            try {
                start(n);
            } catch (RuntimeException e) {
                LOG.warn("Services of network {} left out: {}", n.network(), e.getMessage());
            }
        }
        this.hostPort = config.dnsPort() == 0 ? List.of() : openHostPort(config);
    }

    @Deactivate
    void deactivate() {
        running.keySet().forEach(this::stop);
        hostPort.forEach(c -> c.close().syncUninterruptibly());
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public synchronized ServiceInfo configure(String network, ServiceSpec spec) {
        if (spec == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "give the services: subnet, and gateway, router, dhcp, dnsZone as needed");
        }
        if (sw.networks().stream().noneMatch(i -> i.name().equals(network))) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "no network named " + network);
        }
        Subnet subnet;
        int gateway;
        int router;
        String zone = spec.dnsZone() == null || spec.dnsZone().isBlank() ? null : spec.dnsZone().toLowerCase(java.util.Locale.ROOT);
        try {
            subnet = Subnet.parse(spec.subnet());
            gateway = spec.gateway() == null || spec.gateway().isBlank() ? subnet.firstHost() : Subnet.address(spec.gateway());
            router = spec.router() == null || spec.router().isBlank() ? 0 : Subnet.address(spec.router());
            if (zone != null) {
                DnsZone.name(zone);
            }
        } catch (IllegalArgumentException e) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
        if (!subnet.isHost(gateway)) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "the gateway " + Subnet.text(gateway) + " is not a host address of " + subnet);
        }
        if (router != 0 && (!subnet.isHost(router) || router == gateway)) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "the router " + Subnet.text(router) + " must be another host address of "
                    + subnet + " than the gateway");
        }
        Optional<ServiceTables.Network> old = tables.network(network);
        if (zone != null) {
            tables.networks().stream().filter(n -> zone.equals(n.zone()) && !n.network().equals(network)).findFirst().ifPresent(n -> {
                throw new PlatformException(ErrorCode.CONFLICT, "network " + n.network() + " serves zone " + zone + " already");
            });
        }
        String secret = old.filter(o -> zone != null && zone.equals(o.zone())).map(ServiceTables.Network::tsigSecret)
                .orElseGet(() -> zone == null ? null : newSecret());
        ServiceTables.Network n = new ServiceTables.Network(network, subnet.toString(), Subnet.text(gateway),
                router == 0 ? null : Subnet.text(router), spec.dhcp(), zone, secret);
        stop(network);
        if (old.isPresent() && old.get().zone() != null && !old.get().zone().equals(zone)) {
            tables.remove(network, old.get().zone()); // a zone given up: its records go
        }
        tables.put(n);
        start(n);
        LOG.info("Network {} serves {} at {}{}{}", network, subnet, Subnet.text(gateway), spec.dhcp() ? ", DHCP" : "",
                zone == null ? "" : ", DNS zone " + zone);
        return running.get(network).service().info();
    }

    @Override
    public synchronized boolean remove(String network) {
        Optional<ServiceTables.Network> n = tables.network(network);
        stop(network);
        if (n.isEmpty()) {
            return false;
        }
        tables.remove(network, n.get().zone());
        LOG.info("Network {} has no services any more", network);
        return true;
    }

    @Override
    public Optional<ServiceInfo> services(String network) {
        Running r = running.get(network);
        return r == null ? Optional.empty() : Optional.of(r.service().info());
    }

    @Override
    public List<ServiceInfo> list() {
        return running.values().stream().map(r -> r.service().info()).sorted(Comparator.comparing(ServiceInfo::network)).toList();
    }

    @Override
    public List<Lease> leases(String network) {
        Running r = running.get(network);
        if (r == null || r.service().pool == null) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "network " + network + " serves no DHCP");
        }
        return r.service().pool.leases();
    }

    @Override
    public List<DnsRecord> records(String zone) {
        return zone(zone).records();
    }

    @Override
    public DnsRecord putRecord(String zone, String name, String address) {
        DnsZone z = zone(zone);
        try {
            return z.put(z.qualify(name), address, DnsZone.STATIC);
        } catch (IllegalArgumentException e) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
    }

    @Override
    public boolean deleteRecord(String zone, String name) {
        DnsZone z = zone(zone);
        try {
            return z.delete(z.qualify(name));
        } catch (IllegalArgumentException e) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
    }

    @Override
    public TsigKey updateKey(String zone) {
        DnsZone z = zone(zone);
        return new TsigKey(z.zone + ".", "hmac-sha256", z.keySecret);
    }

    @Override
    public Optional<Endpoint> dnsEndpoint() {
        // as configured: a socket bound to 0.0.0.0 reads back as the IPv6 wildcard
        return hostPort.stream().findFirst().map(c -> new Endpoint(config.dnsAddress(), ((InetSocketAddress) c.localAddress()).getPort()));
    }

    private DnsZone zone(String zone) {
        return dns.zone(zone == null ? "" : zone.toLowerCase(java.util.Locale.ROOT))
                .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no network serves the zone " + zone));
    }

    private void start(ServiceTables.Network n) {
        Subnet subnet = Subnet.parse(n.subnet());
        int gateway = Subnet.address(n.address());
        int router = n.router() == null ? 0 : Subnet.address(n.router());
        DhcpPool pool = n.dhcp() ? new DhcpPool(n.network(), subnet, gateway, router, Duration.ofSeconds(config.leaseSeconds()), tables,
                Clock.systemUTC()) : null;
        DnsZone zone = n.zone() == null ? null : new DnsZone(n.zone(), n.tsigSecret(), config.ttlSeconds(), gateway,
                pool == null ? List::of : pool::activeBindings, tables);
        NetworkService service = new NetworkService(n.network(), subnet, gateway, router, pool, zone, dns);
        PortBinding port = sw.attach(n.network(), OWNER, FrameFormat.RAW);
        InetSocketAddress switchSide = new InetSocketAddress(port.switchEndpoint().host(), port.switchEndpoint().port());
        Channel channel;
        try {
            channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    .handler(new FrameInbound(service, switchSide))
                    .bind(new InetSocketAddress(port.vmEndpoint().host(), port.vmEndpoint().port()))
                    .syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            sw.detach(port.portId());
            throw new PlatformException(ErrorCode.FAILED, "cannot open the services' socket on network " + n.network() + ": "
                    + e.getMessage(), e);
        }
        if (zone != null) {
            dns.add(zone);
        }
        running.put(n.network(), new Running(service, port.portId(), channel));
    }

    private void stop(String network) {
        Running r = running.remove(network);
        if (r == null) {
            return;
        }
        if (r.service().zone != null) {
            dns.remove(r.service().zone.zone);
        }
        r.channel().close().syncUninterruptibly();
        try {
            sw.detach(r.portId());
        } catch (PlatformException e) {
            LOG.debug("Port {} was gone already: {}", r.portId(), e.getMessage());
        }
    }

    private List<Channel> openHostPort(Config config) {
        try {
            InetSocketAddress at = new InetSocketAddress(InetAddress.getByName(config.dnsAddress()), config.dnsPort());
            Channel udp = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(new HostDnsUdp())
                    .bind(at).syncUninterruptibly().channel();
            Channel tcp = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            // RFC 1035 4.2.2: each message after its 16-bit length
                            ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(65535, 0, 2, 0, 2), new LengthFieldPrepender(2),
                                    new HostDnsTcp());
                        }
                    }).bind(at).syncUninterruptibly().channel();
            LOG.info("DNS for every network's zone on {} (UDP and TCP)", at);
            return List.of(udp, tcp);
        } catch (Exception e) {
            // not fatal: the networks' own DNS still answers their VMs
            LOG.warn("The host's DNS port {}:{} could not be opened: {}", config.dnsAddress(), config.dnsPort(), e.toString());
            return List.of();
        }
    }

    private static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** Frames from the switch for one network's services; answers go back the same way. */
    private static final class FrameInbound extends SimpleChannelInboundHandler<DatagramPacket> {
        private final NetworkService service;
        private final InetSocketAddress switchSide;

        FrameInbound(NetworkService service, InetSocketAddress switchSide) {
            this.service = service;
            this.switchSide = switchSide;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            if (!packet.sender().equals(switchSide)) {
                service.counters.count("foreign-source");
                return;
            }
            try {
                for (byte[] answer : service.handle(ByteBufUtil.getBytes(packet.content()))) {
                    ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(answer), switchSide), ctx.voidPromise());
                }
                ctx.flush();
            } catch (RuntimeException e) {
                service.counters.count("errors"); // e.g. the store gone while a lease was written: the client asks again
                LOG.debug("Network {}: a frame failed: {}", service.network, e.toString());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("Network {} services' socket: {}", service.network, cause.toString());
        }
    }

    private final class HostDnsUdp extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            byte[] answer = dns.respond(ByteBufUtil.getBytes(packet.content()), false, hostCounters);
            if (answer != null) {
                ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(answer), packet.sender()), ctx.voidPromise());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("Host DNS port (UDP): {}", cause.toString());
        }
    }

    private final class HostDnsTcp extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf message) {
            byte[] answer = dns.respond(ByteBufUtil.getBytes(message), true, hostCounters);
            if (answer == null) {
                ctx.close();
            } else {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(answer));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a length over 64 KiB, a reset: that connection ends, the port serves on
        }
    }
}
