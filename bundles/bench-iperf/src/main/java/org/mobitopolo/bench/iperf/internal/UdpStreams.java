package org.mobitopolo.bench.iperf.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * The server's UDP socket, shared by every UDP stream: a stream is its client's address. A
 * client's 4-byte connect datagram ("9876") opens one for the test waiting for it and is answered
 * with "6789" ({@code iperf_udp_accept}); datagrams from nobody's stream are counted and dropped.
 */
final class UdpStreams extends SimpleChannelInboundHandler<DatagramPacket> {
    private final IperfServer server;

    UdpStreams(IperfServer server) {
        this.server = server;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        InetSocketAddress from = packet.sender();
        ByteBuf data = packet.content();
        Stream stream = server.udpStream(from);
        if (stream != null) {
            ServerRun test = stream.test;
            if (test.receiving()) {
                stream.receivedDatagram(data, test.counters64(), Stream.nowMicros());
            }
            return;
        }
        if (data.readableBytes() == 4 && data.getInt(data.readerIndex()) == Iperf3.UDP_CONNECT_MSG) {
            ServerRun test = server.awaitingUdp(from);
            if (test != null) {
                Stream s = new Stream(server.nextOrder(), ctx.channel(), from);
                s.test = test;
                server.addUdp(from, s);
                ctx.writeAndFlush(new DatagramPacket(ctx.alloc().buffer(4).writeInt(Iperf3.UDP_CONNECT_REPLY), from));
                test.offer(s);
                return;
            }
        }
        server.countMalformed();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // An ICMP error for one client must not close the socket every UDP stream shares.
    }
}
