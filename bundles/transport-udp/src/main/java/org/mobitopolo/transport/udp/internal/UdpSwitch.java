package org.mobitopolo.transport.udp.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.regex.Pattern;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.net.FrameFormat;
import org.mobitopolo.api.net.LinkShape;
import org.mobitopolo.api.net.NetworkInfo;
import org.mobitopolo.api.net.PortBinding;
import org.mobitopolo.api.net.PortInfo;
import org.mobitopolo.api.net.TunnelInfo;
import org.mobitopolo.api.net.VirtualSwitch;
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
 * The virtual switch on Netty: every VM port is a UDP socket of its own, speaking the VM's framing;
 * malformed datagrams and datagrams from anyone but the port's VM are counted and dropped.
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component(property = PluginCatalog.PLUGIN_NAME + "=udp", configurationPid = "org.mobitopolo.transport.udp")
@Designate(ocd = UdpSwitch.Config.class)
public final class UdpSwitch implements VirtualSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(UdpSwitch.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    /** L2TPv3 session of every port: each port has a socket of its own, so sessions need not differ. */
    static final long SESSION = 1;
    /** Largest datagram read: a jumbo-less Ethernet frame with a tunnel header fits with room to spare. */
    private static final int MAX_DATAGRAM = 2048;
    private static final int SOCKET_BUFFER = 4 << 20;

    @ObjectClassDefinition(name = "Mobitopolo virtual switch (UDP)")
    public @interface Config {
        @AttributeDefinition(description = "Address the switch's port sockets and the VMs' sockets use")
        String bindAddress() default "127.0.0.1";

        @AttributeDefinition(description = "Seconds a learnt MAC address stays in the table without traffic", min = "1")
        int ageingSeconds() default 300;

        @AttributeDefinition(description = "Largest Ethernet frame forwarded, header included; larger ones are "
                + "counted as oversize and dropped", min = "64")
        int maxFrameBytes() default 1518;

        @AttributeDefinition(description = "Address where VXLAN tunnels from other hosts arrive; 0.0.0.0 for all")
        String vxlanAddress() default "0.0.0.0";

        @AttributeDefinition(description = "UDP port where VXLAN tunnels from other hosts arrive; 0 for any free one")
        int vxlanPort() default 4789;

        @AttributeDefinition(description = "File keeping networks and tunnels across restarts; empty for "
                + "${karaf.data}/mobitopolo/switch.properties (nothing kept outside Karaf)")
        String stateFile() default "";

        @AttributeDefinition(description = "MTU of the path between hosts; frames that would not fit once "
                + "tunnelled are counted as oversize and dropped, never fragmented", min = "576")
        int tunnelMtu() default 1500;

        @AttributeDefinition(description = "While a flow runs through the switch, microseconds it keeps polling "
                + "after the last datagram before it sleeps until the next; 0 sleeps at once (least CPU, slowest "
                + "under load)", min = "0")
        int spinMicros() default 1000;
    }

    private final Config config;
    private final InetAddress bind;
    private final EventLoopGroup group;
    private final boolean epoll;
    private final SpinAfterTraffic wait;
    private final Map<String, Lan> lans = new ConcurrentHashMap<>();
    private final Map<String, SwitchPort> ports = new ConcurrentHashMap<>();
    private final Map<String, Tunnel> tunnels = new ConcurrentHashMap<>();
    private final Channel vxlan;
    private final SwitchState state;

    @Activate
    public UdpSwitch(Config config) throws IOException {
        this.config = config;
        this.bind = InetAddress.getByName(config.bindAddress());
        this.epoll = Epoll.isAvailable();
        this.wait = new SpinAfterTraffic(TimeUnit.MICROSECONDS.toNanos(config.spinMicros()));
        // one thread, one wait; named, for a profiler or a thread dump
        ThreadFactory thread = new DefaultThreadFactory("mobi-switch", true);
        this.group = epoll ? new EpollEventLoopGroup(1, thread, () -> wait) : new NioEventLoopGroup(1, thread);
        InetAddress vxlanAddress = InetAddress.getByName(config.vxlanAddress());
        this.vxlan = bootstrap(new VxlanInbound(wait, tunnels.values(), lans.values()), vxlanAddress)
                .bind(new InetSocketAddress(vxlanAddress, config.vxlanPort()))
                .syncUninterruptibly().channel();
        String karafData = System.getProperty("karaf.data");
        this.state = new SwitchState(!config.stateFile().isEmpty() ? Path.of(config.stateFile())
                : karafData != null ? Path.of(karafData, "mobitopolo", "switch.properties") : null);
        restore();
        LOG.info("Virtual switch on {} with Netty {}, VXLAN on {}; {} networks, {} tunnels", bind.getHostAddress(),
                epoll ? "epoll" : "NIO", vxlan.localAddress(), lans.size(), tunnels.size());
    }

    /** Opens the networks and tunnels the switch had before a restart. */
    private void restore() {
        List<SwitchState.SavedTunnel> saved = state.tunnels(); // read before creating networks saves the file again
        for (String network : state.networks()) {
            try {
                createNetwork(network);
            } catch (PlatformException e) {
                LOG.warn("Saved network {} left out: {}", network, e.getMessage());
            }
        }
        for (SwitchState.SavedTunnel t : saved) {
            addTunnel(t.id(), t.remote());
            tunnels.get(t.id()).egress.shape(t.shape());
        }
    }

    private void saveState() {
        synchronized (lans) {
            state.save(lans.keySet().stream().sorted().toList(), tunnels());
        }
    }

    @Deactivate
    void deactivate() {
        // Closed before returning, so a switch started next (a bundle update, a restart) can bind the same ports.
        ports.values().forEach(p -> p.channel.close().syncUninterruptibly());
        vxlan.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        LOG.info("Virtual switch stopped");
    }

    @Override
    public NetworkInfo createNetwork(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new PlatformException(ErrorCode.BAD_REQUEST,
                    "network names are 1-32 lower-case letters, digits or dashes, got " + name);
        }
        Lan lan = new Lan(name, vni(name), TimeUnit.SECONDS.toNanos(config.ageingSeconds()), config.maxFrameBytes(), group.next());
        synchronized (lans) {
            if (lans.containsKey(name)) {
                throw new PlatformException(ErrorCode.CONFLICT, "a network named " + name + " exists already");
            }
            lans.values().stream().filter(l -> l.vni == lan.vni).findFirst().ifPresent(l -> {
                throw new PlatformException(ErrorCode.CONFLICT, "networks " + l.name + " and " + name
                        + " would share VXLAN id " + lan.vni + "; pick another name");
            });
            lans.put(name, lan);
            tunnels.values().forEach(t -> lan.add(t.link(lan.vni)));
        }
        saveState();
        LOG.info("Created network {} (VNI {})", name, lan.vni);
        return lan.info();
    }

    @Override
    public void deleteNetwork(String name) {
        synchronized (lans) {
            Lan lan = lan(name);
            List<String> owners = lan.ports().stream().map(p -> p.owner).distinct().sorted().toList();
            if (!owners.isEmpty()) {
                throw new PlatformException(ErrorCode.CONFLICT, "network " + name + " still has ports of " + owners
                        + "; stop those VMs first");
            }
            lans.remove(name);
        }
        saveState();
        LOG.info("Deleted network {}", name);
    }

    /** Every host derives the same VXLAN id from a network's name, so networks meet by name across hosts. */
    static int vni(String name) {
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        return 1 + (int) (crc.getValue() % 0xfffffe);
    }

    @Override
    public List<NetworkInfo> networks() {
        return lans.values().stream().map(Lan::info).sorted(Comparator.comparing(NetworkInfo::name)).toList();
    }

    @Override
    public PortBinding attach(String network, String owner, FrameFormat format) {
        Lan lan = lan(network);
        // Dots appear in no network or VM name, so the id reads back unambiguously and fits in a URL path.
        String id = network + "." + owner + "." + UUID.randomUUID().toString().substring(0, 6);
        Channel channel = bootstrap(new PortInbound(wait), bind)
                .bind(new InetSocketAddress(bind, 0))
                .syncUninterruptibly()
                .channel();
        String host = bind.getHostAddress();
        PortBinding binding = new PortBinding(id, network, format,
                new Endpoint(host, ((InetSocketAddress) channel.localAddress()).getPort()),
                new Endpoint(host, freeUdpPort()), format == FrameFormat.L2TPV3 ? SESSION : 0);
        SwitchPort port = new SwitchPort(binding, owner, lan, channel);
        channel.attr(PortInbound.PORT).set(port);
        lan.add(port);
        ports.put(id, port);
        LOG.info("Port {} for {}: switch {} <-> VM {}", id, owner, binding.switchEndpoint(), binding.vmEndpoint());
        return binding;
    }

    private Bootstrap bootstrap(ChannelHandler handler, InetAddress address) {
        Bootstrap bootstrap = new Bootstrap().group(group)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                .handler(handler);
        if (!epoll) {
            return bootstrap.channel(NioDatagramChannel.class);
        }
        // An IPv4 socket for an IPv4 address: a dual-stack socket takes the longer IPv6 path per datagram.
        InternetProtocolFamily family = address instanceof Inet4Address
                ? InternetProtocolFamily.IPv4 : InternetProtocolFamily.IPv6;
        // recvmmsg: up to 32 datagrams per system call; the writes of a batch leave with sendmmsg.
        // Level-triggered: a read that did not fill the buffer ends without one more recvmmsg for EAGAIN.
        return bootstrap.channelFactory(() -> new EpollDatagramChannel(family))
                .option(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED)
                .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM * 32));
    }

    /** A UDP port free right now, for the VM to listen on. */
    private int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(bind, 0))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "no free UDP port on " + bind.getHostAddress(), e);
        }
    }

    @Override
    public void detach(String portId) {
        SwitchPort port = ports.remove(portId);
        if (port == null) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "no port " + portId);
        }
        port.lan.remove(port);
        port.channel.close();
        LOG.info("Closed port {}", portId);
    }

    @Override
    public List<PortInfo> ports(String network) {
        return lan(network).ports().stream()
                .map(SwitchPort::info)
                .sorted(Comparator.comparing(p -> p.binding().portId()))
                .toList();
    }

    @Override
    public Endpoint tunnelEndpoint() {
        InetSocketAddress a = (InetSocketAddress) vxlan.localAddress();
        return new Endpoint(a.getHostString(), a.getPort());
    }

    @Override
    public TunnelInfo addTunnel(Endpoint remote) {
        TunnelInfo added = addTunnel("tunnel-" + UUID.randomUUID().toString().substring(0, 6), remote);
        saveState();
        return added;
    }

    private TunnelInfo addTunnel(String id, Endpoint remote) {
        Tunnel tunnel = new Tunnel(id, vxlan, config.tunnelMtu(), remote);
        synchronized (lans) {
            tunnels.put(tunnel.id, tunnel);
            lans.values().forEach(lan -> lan.add(tunnel.link(lan.vni)));
        }
        LOG.info("Tunnel {} to {}", tunnel.id, remote);
        return tunnel.info();
    }

    @Override
    public TunnelInfo repointTunnel(String tunnelId, Endpoint remote) {
        Tunnel tunnel = tunnel(tunnelId);
        tunnel.repoint(remote);
        saveState();
        LOG.info("Tunnel {} now to {}", tunnelId, remote);
        return tunnel.info();
    }

    @Override
    public void removeTunnel(String tunnelId) {
        Tunnel tunnel = tunnel(tunnelId);
        synchronized (lans) {
            tunnels.remove(tunnelId);
            lans.values().forEach(lan -> lan.remove(tunnel.link(lan.vni)));
        }
        saveState();
        LOG.info("Closed tunnel {}", tunnelId);
    }

    @Override
    public List<TunnelInfo> tunnels() {
        return tunnels.values().stream().map(Tunnel::info).sorted(Comparator.comparing(TunnelInfo::id)).toList();
    }

    private Tunnel tunnel(String id) {
        Tunnel tunnel = tunnels.get(id);
        if (tunnel == null) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "no tunnel " + id);
        }
        return tunnel;
    }

    @Override
    public void shape(String id, LinkShape shape) {
        Tunnel tunnel = tunnels.get(id);
        (tunnel != null ? tunnel.egress : port(id).egress).shape(shape);
        if (tunnel != null) {
            saveState(); // a port's shaping goes with the port; a tunnel's stays
        }
        LOG.info("{} shaped: {}", id, shape);
    }

    @Override
    public void move(String portId, Endpoint vmEndpoint) {
        port(portId).move(vmEndpoint);
        LOG.info("Port {} now sends to {}", portId, vmEndpoint);
    }

    @Override
    public void inject(String portId, byte[] frame) {
        SwitchPort port = port(portId);
        if (frame.length < Frames.ETHERNET_HEADER || frame.length > port.lan.maxFrame) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "an Ethernet frame is " + Frames.ETHERNET_HEADER
                    + "-" + port.lan.maxFrame + " bytes on this network, got " + frame.length);
        }
        // On the port's event loop, like the VM's own frames: the LAN's tables are that thread's.
        port.channel.eventLoop().execute(() -> {
            ByteBuf ethernet = Unpooled.wrappedBuffer(frame);
            ByteBuf datagram = Frames.encode(port.binding.format(), port.binding.session(), ethernet, 0, port.channel.alloc());
            ethernet.release();
            Set<Channel> written = new HashSet<>();
            try {
                port.lan.forward(port, datagram, datagram.writerIndex() - frame.length, written);
                written.forEach(Channel::flush);
            } finally {
                datagram.release();
            }
        });
    }

    private SwitchPort port(String portId) {
        SwitchPort port = ports.get(portId);
        if (port == null) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "no port " + portId);
        }
        return port;
    }

    private Lan lan(String network) {
        Lan lan = lans.get(network);
        if (lan == null) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "no network named " + network);
        }
        return lan;
    }
}
