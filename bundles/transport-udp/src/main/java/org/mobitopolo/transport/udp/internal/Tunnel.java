package org.mobitopolo.transport.udp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.net.TunnelInfo;

/**
 * A VXLAN tunnel (RFC 7348) to another host's switch: {@code 08 00 00 00 | VNI (24 bits) | 00},
 * then the Ethernet frame, over the switch's one VXLAN socket. Each network crosses it as a link of
 * its own, so MACs are learnt per network.
 */
final class Tunnel {
    static final int VXLAN_HEADER = 8;
    /** What a frame gains on the wire between hosts: outer IPv4 20, UDP 8, VXLAN 8 (the MTU counts these). */
    static final int OVERHEAD = 20 + 8 + VXLAN_HEADER;

    final String id;
    /** Shapes what goes into the tunnel, every network alike: the WAN link between the hosts. */
    final Shaper egress;
    private final Channel channel;
    private final int mtu;
    private volatile InetSocketAddress remote;
    private final Map<Integer, Link> links = new ConcurrentHashMap<>();
    private final Traffic tx = new Traffic();
    private final Traffic rx = new Traffic();
    private final Map<String, LongAdder> drops = new ConcurrentHashMap<>();

    Tunnel(String id, Channel channel, int mtu, Endpoint remote) {
        this.id = id;
        this.channel = channel;
        this.egress = new Shaper(channel.eventLoop());
        this.mtu = mtu;
        repoint(remote);
    }

    InetSocketAddress remote() {
        return remote;
    }

    void repoint(Endpoint to) {
        remote = new InetSocketAddress(to.host(), to.port());
    }

    /** The tunnel as a link of the network with this VNI. */
    Link link(int vni) {
        return links.computeIfAbsent(vni, v -> new VniLink(v));
    }

    TunnelInfo info() {
        Map<String, Long> d = new TreeMap<>();
        drops.forEach((k, v) -> d.put(k, v.sum()));
        return new TunnelInfo(id, new Endpoint(remote.getHostString(), remote.getPort()), egress.shape(), tx.frames(), tx.bytes(), rx.frames(),
                rx.bytes(), d);
    }

    void dropped(Frames.Drop reason) {
        drops.computeIfAbsent(reason.counter, k -> new LongAdder()).increment();
    }

    /** The VNI and frame of a VXLAN datagram. */
    static int vni(ByteBuf datagram) throws Frames.Rejected {
        if (datagram.readableBytes() < VXLAN_HEADER + Frames.ETHERNET_HEADER) {
            throw new Frames.Rejected(Frames.Drop.RUNT);
        }
        if ((datagram.getByte(datagram.readerIndex()) & 0x08) == 0) {
            throw new Frames.Rejected(Frames.Drop.BAD_HEADER);
        }
        return datagram.getUnsignedMedium(datagram.readerIndex() + 4);
    }

    /** Where a VXLAN datagram's frame starts in it. */
    static int frame(ByteBuf datagram) {
        return datagram.readerIndex() + VXLAN_HEADER;
    }

    private final class VniLink implements Link {
        private final int vni;

        VniLink(int vni) {
            this.vni = vni;
        }

        @Override
        public boolean isTunnel() {
            return true;
        }

        @Override
        public void send(Link from, ByteBuf datagram, int frame, Set<Channel> written) {
            int bytes = Frames.length(datagram, frame);
            if (bytes + OVERHEAD > mtu) {
                dropped(Frames.Drop.OVERSIZE); // never fragmented: the other side would get pieces
                return;
            }
            ByteBuf header = channel.alloc().buffer(VXLAN_HEADER).writeInt(0x08000000).writeMedium(vni).writeByte(0);
            CompositeByteBuf out = channel.alloc().compositeBuffer(2).addComponents(true, header,
                    datagram.retainedSlice(frame, bytes));
            DatagramPacket packet = new DatagramPacket(out, remote);
            if (!egress.isActive()) {
                tx.add(bytes);
                channel.write(packet, channel.voidPromise());
                written.add(channel);
                return;
            }
            Frames.Drop drop = egress.submit(bytes + OVERHEAD, () -> { // the WAN link carries the outer headers too
                tx.add(bytes);
                channel.writeAndFlush(packet, channel.voidPromise());
            });
            if (drop != null) {
                packet.release();
                dropped(drop);
            }
        }

        @Override
        public void received(int bytes) {
            rx.add(bytes);
        }

        @Override
        public void dropped(Frames.Drop reason) {
            Tunnel.this.dropped(reason);
        }
    }
}
