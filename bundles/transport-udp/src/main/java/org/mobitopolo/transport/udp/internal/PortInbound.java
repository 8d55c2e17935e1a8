package org.mobitopolo.transport.udp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.AttributeKey;

/** Datagrams from a port's VM: decoded, checked, and handed to the port's LAN. */
final class PortInbound extends BatchingInbound {
    static final AttributeKey<SwitchPort> PORT = AttributeKey.valueOf("port");

    PortInbound(SpinAfterTraffic wait) {
        super(wait);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        SwitchPort port = ctx.channel().attr(PORT).get();
        if (port == null) {
            return; // bound a moment before the port was registered
        }
        if (!packet.sender().equals(port.vm())) {
            port.dropped(Frames.Drop.FOREIGN_SOURCE);
            return;
        }
        try {
            ByteBuf datagram = packet.content();
            port.lan.forward(port, datagram, Frames.decode(port.binding.format(), port.binding.session(), datagram), written);
        } catch (Frames.Rejected e) {
            port.dropped(e.reason);
        }
    }
}
