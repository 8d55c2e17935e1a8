package org.mobitopolo.bench.iperf.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.TimeUnit;

/** Event loops and channel types: native epoll where it loads (it also gives TCP retransmits), else NIO. */
record Loops(EventLoopGroup group, Class<? extends SocketChannel> socket,
        Class<? extends ServerSocketChannel> server, Class<? extends DatagramChannel> datagram) {

    static Loops create(int threads) {
        if (Epoll.isAvailable()) {
            return new Loops(new EpollEventLoopGroup(threads), EpollSocketChannel.class, EpollServerSocketChannel.class,
                    EpollDatagramChannel.class);
        }
        return new Loops(new NioEventLoopGroup(threads), NioSocketChannel.class, NioServerSocketChannel.class,
                NioDatagramChannel.class);
    }

    boolean epoll() {
        return socket == EpollSocketChannel.class;
    }

    void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
