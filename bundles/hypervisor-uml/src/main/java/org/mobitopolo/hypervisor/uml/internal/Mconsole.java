package org.mobitopolo.hypervisor.uml.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Speaks UML's management console protocol over its unix datagram socket: a request is
 * {@code magic 0xcafebabe | version 2 | length | text} (32-bit host-order words), each reply
 * {@code error | more | length | text}, repeated while {@code more} is set.
 */
final class Mconsole {
    static final int MAGIC = 0xcafebabe;
    static final int VERSION = 2;
    static final int MAX_DATA = 512;

    /** The guest answered the command with an error. */
    static final class MconsoleException extends IOException {
        private static final long serialVersionUID = 1L;

        MconsoleException(String message) {
            super(message);
        }
    }

    private final EventLoopGroup group;
    private final Path clientDir;
    private final AtomicLong requests = new AtomicLong();

    /** @param clientDir where the client sockets UML replies to are made; keep the path short */
    Mconsole(EventLoopGroup group, Path clientDir) {
        this.group = group;
        this.clientDir = clientDir;
    }

    /** Sends one command, e.g. {@code stop}, and completes with the guest's reply text. */
    CompletableFuture<String> send(Path socket, String command, Duration timeout) {
        byte[] text = command.getBytes(StandardCharsets.US_ASCII);
        if (text.length >= MAX_DATA) {
            throw new IllegalArgumentException("mconsole commands are shorter than " + MAX_DATA + " bytes");
        }
        Path client = clientDir.resolve("mc-" + ProcessHandle.current().pid() + "-" + requests.incrementAndGet());
        CompletableFuture<String> reply = new CompletableFuture<>();
        ChannelFuture bound = new Bootstrap()
                .group(group)
                .channel(EpollDomainDatagramChannel.class)
                .handler(new ReplyHandler(reply))
                .bind(new DomainSocketAddress(client.toString()));
        bound.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                reply.completeExceptionally(f.cause());
                return;
            }
            Channel ch = f.channel();
            var timer = ch.eventLoop().schedule(
                    () -> reply.completeExceptionally(new TimeoutException("no mconsole reply to '" + command + "' within "
                            + timeout.toMillis() + " ms")),
                    timeout.toMillis(), TimeUnit.MILLISECONDS);
            reply.whenComplete((r, e) -> {
                timer.cancel(false);
                ch.close();
                deleteQuietly(client);
            });
            ch.writeAndFlush(new DomainDatagramPacket(request(ch.alloc(), text), new DomainSocketAddress(socket.toString())))
                    .addListener(w -> {
                        if (!w.isSuccess()) {
                            reply.completeExceptionally(w.cause());
                        }
                    });
        });
        return reply;
    }

    static ByteBuf request(ByteBufAllocator alloc, byte[] text) {
        ByteBuf buf = alloc.buffer(12 + text.length);
        return buf.writeIntLE(MAGIC).writeIntLE(VERSION).writeIntLE(text.length).writeBytes(text);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a stale client socket in the socket directory harms nothing
        }
    }

    /** Collects the reply datagrams of one request. */
    private static final class ReplyHandler extends SimpleChannelInboundHandler<DomainDatagramPacket> {
        private final CompletableFuture<String> reply;
        private final StringBuilder text = new StringBuilder();

        ReplyHandler(CompletableFuture<String> reply) {
            this.reply = reply;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket packet) {
            ByteBuf in = packet.content();
            if (in.readableBytes() < 12) {
                reply.completeExceptionally(new IOException("short mconsole reply: " + in.readableBytes() + " bytes"));
                return;
            }
            int err = in.readIntLE();
            int more = in.readIntLE();
            int len = Math.min(in.readIntLE(), in.readableBytes());
            text.append(in.readCharSequence(len, StandardCharsets.US_ASCII));
            if (more == 0) {
                String s = text.toString().replace("\0", "").strip();
                if (err != 0) {
                    reply.completeExceptionally(new MconsoleException(s));
                } else {
                    reply.complete(s);
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            reply.completeExceptionally(cause);
        }
    }
}
