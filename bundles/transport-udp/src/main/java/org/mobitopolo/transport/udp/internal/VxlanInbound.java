package org.mobitopolo.transport.udp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** VXLAN from other hosts' switches: to the network of its VNI, through the tunnel it came by. */
final class VxlanInbound extends BatchingInbound {
    private static final Logger LOG = LoggerFactory.getLogger(VxlanInbound.class);
    private final Collection<Tunnel> tunnels;
    private final Collection<Lan> lans;

    /** @param tunnels the switch's tunnels and {@code lans} its networks, live views */
    VxlanInbound(SpinAfterTraffic wait, Collection<Tunnel> tunnels, Collection<Lan> lans) {
        super(wait);
        this.tunnels = tunnels;
        this.lans = lans;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        Tunnel from = tunnelFrom(packet.sender());
        if (from == null) {
            // No tunnel to count it on: an unknown peer, or one whose tunnel should be re-pointed.
            LOG.debug("VXLAN from {}, which no tunnel points at: dropped", packet.sender());
            return;
        }
        try {
            ByteBuf datagram = packet.content();
            int vni = Tunnel.vni(datagram);
            Lan lan = null;
            for (Lan l : lans) {
                if (l.vni == vni) {
                    lan = l;
                    break;
                }
            }
            if (lan == null) {
                from.dropped(Frames.Drop.UNKNOWN_VNI);
                return;
            }
            lan.forward(from.link(vni), datagram, Tunnel.frame(datagram), written);
        } catch (Frames.Rejected e) {
            from.dropped(e.reason);
        }
    }

    /**
     * The tunnel a VXLAN datagram came by: the one pointing at its sender, or else one pointing at
     * the sender's host. RFC 7348 VTEPs pick their source port per flow (a Linux {@code vxlan}
     * device hashes it from the inner headers), and a peer that restarts may come back from another
     * port; neither needs the tunnel re-pointed.
     */
    private Tunnel tunnelFrom(InetSocketAddress sender) {
        Tunnel sameHost = null;
        for (Tunnel t : tunnels) {
            if (t.remote().equals(sender)) {
                return t;
            }
            if (sameHost == null && t.remote().getAddress().equals(sender.getAddress())) {
                sameHost = t;
            }
        }
        return sameHost;
    }
}
