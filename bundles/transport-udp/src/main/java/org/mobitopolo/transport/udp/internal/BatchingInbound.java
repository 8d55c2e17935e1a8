package org.mobitopolo.transport.udp.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads datagrams and forwards their frames; what a read batch wrote is flushed once at its end,
 * so many datagrams share one system call.
 */
abstract class BatchingInbound extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingInbound.class);
    /** The channels written to since the read batch began. */
    final Set<Channel> written = new HashSet<>();
    private final SpinAfterTraffic wait;

    BatchingInbound(SpinAfterTraffic wait) {
        this.wait = wait;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        written.forEach(Channel::flush);
        written.clear();
        wait.traffic();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Switch socket error: {}", cause.toString());
    }
}
