package org.mobitopolo.bench.iperf.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    /** How long the end of a byte-limited test waits for the peer's acknowledgements at most. */
    private static final long ACK_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Stream stream;
    private final TestParams params;
    /** Bytes the whole test may still send, shared by its streams. */
    private final AtomicLong budget;
    private final Runnable budgetSpent;
    private final ByteBuf block;
    private final ChannelFutureListener counted;
    private volatile boolean stopped;
    private ScheduledFuture<?> tick;
    /** The last TCP write queued; writes complete in order, so once it has, every byte is counted. */
    private ChannelFuture lastWrite;
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
            stream.readRetransmits(); // a figure even if the peer closes the stream before we stop
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

    /**
     * Stops every sender; the future completes (on {@code loop}) once each has had its queued writes
     * taken by the socket and read its retransmit counter, so results sent after it carry the final
     * figures. Safe to call again.
     */
    static Future<Void> stopAll(List<Sender> senders, EventExecutor loop) {
        Promise<Void> all = loop.newPromise();
        AtomicInteger left = new AtomicInteger(senders.size() + 1);
        Runnable one = () -> {
            if (left.decrementAndGet() == 0) {
                loop.execute(() -> all.trySuccess(null));
            }
        };
        senders.forEach(sender -> sender.stop(one));
        one.run();
        return all;
    }

    private void stop(Runnable done) {
        stopped = true;
        Channel ch = stream.channel;
        Runnable last = () -> {
            if (tick != null) {
                tick.cancel(false);
            }
            stream.readRetransmits();
            if (lastWrite == null) {
                done.run();
            } else {
                lastWrite.addListener(f -> whenAcknowledged(System.nanoTime() + ACK_WAIT_NANOS, done));
            }
        };
        if (ch.eventLoop().inEventLoop()) {
            last.run();
        } else {
            ch.eventLoop().execute(last);
        }
    }

    /**
     * A test of so many bytes ends once the peer has acknowledged them all: iperf3's server stops
     * reading at TEST_END, and on loopback megabytes may still sit in the socket buffers.
     */
    private void whenAcknowledged(long deadline, Runnable done) {
        stream.readRetransmits();
        if (params.byteLimit() != Long.MAX_VALUE && stream.unacknowledged() > 0 && System.nanoTime() < deadline) {
            stream.channel.eventLoop().schedule(() -> whenAcknowledged(deadline, done), 1, TimeUnit.MILLISECONDS);
        } else {
            done.run();
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
            lastWrite = ch.write(block.retainedDuplicate()).addListener(counted);
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
            lastWrite = ch.write(block.retainedDuplicate()).addListener(counted);
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
