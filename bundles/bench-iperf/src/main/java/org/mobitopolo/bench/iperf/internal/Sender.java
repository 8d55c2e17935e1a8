package org.mobitopolo.bench.iperf.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one stream's data until stopped or until the test's byte budget is spent. TCP writes a
 * shared block as long as the channel is writable; UDP paces datagrams to the target rate on a 1 ms
 * tick, as iperf3's pacing timer does. Bytes count once the socket took them.
 */
final class Sender extends ChannelInboundHandlerAdapter {
    private static final long TICK_MICROS = 1000;
    /** Datagrams sent per tick at most when no rate is set, so that the event loop stays responsive. */
    private static final int UDP_BURST = 256;

    private final Stream stream;
    private final TestParams params;
    /** Bytes the whole test may still send, shared by its streams. */
    private final AtomicLong budget;
    private final Runnable budgetSpent;
    private final ByteBuf block;
    private final ChannelFutureListener counted;
    private volatile boolean stopped;
    private ScheduledFuture<?> tick;
    private long startMicros;
    private long queued;

    Sender(Stream stream, TestParams params, AtomicLong budget, Runnable budgetSpent) {
        this.stream = stream;
        this.params = params;
        this.budget = budget;
        this.budgetSpent = budgetSpent;
        byte[] payload = new byte[params.blockSize()];
        ThreadLocalRandom.current().nextBytes(payload); // incompressible, as iperf3's default
        this.block = Unpooled.unreleasableBuffer(Unpooled.directBuffer(payload.length).writeBytes(payload).asReadOnly());
        this.counted = f -> {
            if (f.isSuccess()) {
                stream.bytes += params.blockSize();
            }
        };
    }

    /** Starts sending on the stream's own event loop. */
    void start() {
        Channel ch = stream.channel;
        ch.eventLoop().execute(() -> {
            startMicros = Stream.nowMicros();
            if (params.udp()) {
                tick = ch.eventLoop().scheduleAtFixedRate(this::sendDatagrams, 0, TICK_MICROS, TimeUnit.MICROSECONDS);
            } else if (params.bitsPerSecond() > 0) {
                tick = ch.eventLoop().scheduleAtFixedRate(this::sendPaced, 0, TICK_MICROS, TimeUnit.MICROSECONDS);
            } else {
                ch.pipeline().addLast(this);
                pump(ch);
            }
        });
    }

    /** Stops sending and reads the retransmit counter before anyone closes the channel after this call. */
    void stop() {
        stopped = true;
        Channel ch = stream.channel;
        Runnable last = () -> {
            if (tick != null) {
                tick.cancel(false);
            }
            stream.readRetransmits();
        };
        if (ch.eventLoop().inEventLoop()) {
            last.run();
        } else {
            ch.eventLoop().execute(last);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        pump(ctx.channel());
        ctx.fireChannelWritabilityChanged();
    }

    private void pump(Channel ch) {
        int size = params.blockSize();
        boolean wrote = false;
        while (!stopped && ch.isWritable() && take(size)) {
            ch.write(block.retainedDuplicate()).addListener(counted);
            wrote = true;
        }
        if (wrote) {
            ch.flush();
        }
    }

    /** TCP at a target rate: what is due since the start, in whole blocks. */
    private void sendPaced() {
        Channel ch = stream.channel;
        long due = (long) ((Stream.nowMicros() - startMicros) / 1e6 * params.bitsPerSecond() / 8) - queued;
        int size = params.blockSize();
        boolean wrote = false;
        while (!stopped && due >= size && ch.isWritable() && take(size)) {
            ch.write(block.retainedDuplicate()).addListener(counted);
            queued += size;
            due -= size;
            wrote = true;
        }
        if (wrote) {
            ch.flush();
        }
    }

    private void sendDatagrams() {
        Channel ch = stream.channel;
        long now = Stream.nowMicros();
        long due = params.bitsPerSecond() > 0
                ? (long) ((now - startMicros) / 1e6 * params.bitsPerSecond() / 8) - stream.bytes
                : Long.MAX_VALUE;
        int size = params.blockSize();
        int sent = 0;
        while (!stopped && due >= size && sent < UDP_BURST && ch.isWritable() && take(size)) {
            ByteBuf datagram = ch.alloc().directBuffer(size);
            stream.stampDatagram(datagram, params.counters64(), now);
            datagram.writeBytes(block, 0, size - datagram.readableBytes());
            ch.write(stream.udpPeer != null ? new DatagramPacket(datagram, stream.udpPeer) : datagram);
            stream.bytes += size;
            due -= size;
            sent++;
        }
        if (sent > 0) {
            ch.flush();
        }
    }

    /** As iperf3's sender: another block as long as fewer bytes than asked went out, so the last one may overshoot. */
    private boolean take(int size) {
        if (budget.get() == Long.MAX_VALUE) {
            return true;
        }
        if (budget.getAndAdd(-size) > 0) {
            return true;
        }
        if (!stopped) {
            stopped = true;
            budgetSpent.run();
        }
        return false;
    }
}
