package org.mobitopolo.bench.iperf.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Counts what a receiving TCP stream reads and lets the buffer go at once: no copy, no queue. */
final class Counter extends ChannelInboundHandlerAdapter {
    private final Stream stream;

    Counter(Stream stream) {
        this.stream = stream;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf data = (ByteBuf) msg;
        stream.bytes += data.readableBytes();
        data.release();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset data stream ends with its test; the control connection says why.
        ctx.close();
    }
}
