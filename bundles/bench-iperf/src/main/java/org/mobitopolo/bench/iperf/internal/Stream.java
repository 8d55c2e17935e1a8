package org.mobitopolo.bench.iperf.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;
import java.net.InetSocketAddress;

/**
 * One data stream of a test and its counters. Each counter has one writer, the stream's event
 * loop; others read them for intervals and results, hence volatile.
 */
final class Stream {
    /** Accept or connect order, for iperf3's stream ids. */
    final long order;
    /** Set once, right after the channel is made: its handlers need the stream before it exists. */
    volatile Channel channel;
    /** The UDP peer of a server-side stream (the server's datagram socket is shared). */
    final InetSocketAddress udpPeer;
    /** The server-side test a UDP stream belongs to. */
    volatile ServerRun test;
    volatile int id;
    volatile long bytes;
    /** UDP: datagrams sent, or the highest sequence number received, as iperf3 counts them. */
    volatile long packets;
    volatile long lost;
    volatile long outOfOrder;
    /** RFC 1889 interarrival jitter in seconds. */
    volatile double jitter;
    /** TCP retransmits, read from the kernel when the stream stops sending; -1 where unknown. */
    volatile long retransmits = -1;
    private long previousTransitMicros;
    private boolean receivedAny;

    Stream(long order, Channel channel, InetSocketAddress udpPeer) {
        this.order = order;
        this.channel = channel;
        this.udpPeer = udpPeer;
    }

    /**
     * Counts a UDP datagram as {@code iperf_udp_recv} does: sequence gaps are losses, a late one
     * takes a loss back, jitter from the sender's timestamps.
     */
    void receivedDatagram(ByteBuf datagram, boolean counters64, long nowMicros) {
        int size = datagram.readableBytes();
        if (size < (counters64 ? Iperf3.UDP_HEADER_64 : Iperf3.UDP_HEADER_32)) {
            bytes += size;
            return;
        }
        int at = datagram.readerIndex();
        long sentMicros = datagram.getUnsignedInt(at) * 1_000_000 + datagram.getUnsignedInt(at + 4);
        long seq = counters64 ? datagram.getLong(at + 8) : datagram.getUnsignedInt(at + 8);
        bytes += size;
        if (seq >= packets + 1) {
            if (seq > packets + 1) {
                lost += seq - 1 - packets;
            }
            packets = seq;
        } else {
            outOfOrder++;
            if (lost > 0) {
                lost--;
            }
        }
        long transit = nowMicros - sentMicros;
        if (!receivedAny) {
            previousTransitMicros = transit;
            receivedAny = true;
        }
        double d = Math.abs(transit - previousTransitMicros) / 1e6;
        previousTransitMicros = transit;
        jitter += (d - jitter) / 16.0;
    }

    /** Writes the next datagram's header; the counter starts at 1. */
    void stampDatagram(ByteBuf datagram, boolean counters64, long nowMicros) {
        long seq = packets + 1;
        datagram.writeInt((int) (nowMicros / 1_000_000)).writeInt((int) (nowMicros % 1_000_000));
        if (counters64) {
            datagram.writeLong(seq);
        } else {
            datagram.writeInt((int) seq);
        }
        packets = seq;
    }

    /** Reads the TCP retransmits of this stream's socket from the kernel, while it is still open. */
    void readRetransmits() {
        if (channel instanceof EpollSocketChannel tcp && tcp.isOpen()) {
            retransmits = tcp.tcpInfo().totalRetrans();
        }
    }

    /** TCP segments sent and not yet acknowledged by the peer; 0 where unknown or closed. */
    long unacknowledged() {
        return channel instanceof EpollSocketChannel tcp && tcp.isOpen() ? tcp.tcpInfo().unacked() : 0;
    }

    /** This stream in a results message ({@code send_results}). */
    ObjectNode toJson(boolean sender, double seconds) {
        ObjectNode s = Iperf3.JSON.createObjectNode();
        s.put("id", id);
        s.put("bytes", bytes);
        s.put("retransmits", sender ? retransmits : -1);
        s.put("jitter", jitter);
        s.put("errors", lost);
        s.put("packets", packets);
        s.put("start_time", 0.0);
        s.put("end_time", seconds);
        return s;
    }

    /** A monotonic clock in microseconds, as iperf3 stamps datagrams; only differences matter. */
    static long nowMicros() {
        return System.nanoTime() / 1000;
    }
}
