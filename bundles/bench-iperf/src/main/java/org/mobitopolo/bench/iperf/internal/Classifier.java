package org.mobitopolo.bench.iperf.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The first handler of every accepted TCP connection: its first 37 bytes are a cookie, which makes
 * it a data stream of the test that owns the cookie, or the control connection of a new test.
 * Anything else is closed; bytes after the cookie go on to the next handler untouched.
 */
final class Classifier extends ByteToMessageDecoder {
    private static final int COOKIE_WAIT_SECONDS = 10;

    private final IperfServer server;
    private final long order;
    private ScheduledFuture<?> timeout;

    Classifier(IperfServer server, long order) {
        this.server = server;
        this.order = order;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> {
            server.countMalformed();
            ctx.close();
        }, COOKIE_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        timeout.cancel(false);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < Iperf3.COOKIE_SIZE) {
            return;
        }
        String cookie = Iperf3.cookie(in);
        in.skipBytes(Iperf3.COOKIE_SIZE);
        if (cookie == null) {
            server.countMalformed();
            ctx.close();
            return;
        }
        ServerRun test = server.test(cookie);
        if (test != null) {
            if (!test.awaitsStreams(false, (InetSocketAddress) ctx.channel().remoteAddress())) {
                server.countMalformed(); // a second control connection, or a stream out of turn
                ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte(Iperf3.ACCESS_DENIED))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            Stream stream = new Stream(order, ctx.channel(), null);
            ctx.pipeline().addLast(new Counter(stream));
            test.offer(stream);
        } else if (!server.admit(cookie, ctx.channel())) {
            // iperf3's "the server is busy running a test"
            ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte(Iperf3.ACCESS_DENIED))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        } else {
            ctx.channel().config().setOption(ChannelOption.TCP_NODELAY, true);
        }
        ctx.pipeline().remove(this);
    }
}
