package org.mobitopolo.proxy.netty.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An origin connection's end of the pipeline: hands what comes to the {@link Exchange} using the
 * connection now. Between exchanges (kept alive for the client's next request) nothing should come;
 * anything that does, or silence past the upstream timeout, closes it.
 */
final class OriginHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(OriginHandler.class);

    /** Set on the event loop of the connection, which is also its client's. */
    Exchange exchange;

    private Exchange active() {
        Exchange e = exchange;
        return e == null || e.isDone() ? null : e;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Exchange e = active();
        if (e == null) {
            ReferenceCountUtil.release(msg);
            ctx.close();
        } else {
            e.fromOrigin(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Exchange e = active();
        if (e != null) {
            e.originReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange e = active();
        if (e != null && ctx.channel().isWritable()) {
            e.originWritable();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            Exchange e = active();
            if (e != null) {
                e.originSilent();
            }
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Exchange e = active();
        if (e != null) {
            e.originClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Origin connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
