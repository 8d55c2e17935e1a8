package org.mobitopolo.bench.iperf.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.mobitopolo.api.bench.ProbeInterval;
import org.mobitopolo.api.bench.ProbeRequest;
import org.mobitopolo.api.bench.ProbeResult;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/**
 * One test as an iperf3 client runs it ({@code iperf_client_api.c}): cookie, parameters, streams
 * opened one after the other, data until the time or byte count is up, TEST_END, results both ways,
 * IPERF_DONE. State changes happen on the control connection's event loop only.
 */
final class ClientRun extends SimpleChannelInboundHandler<Object> {
    private static final int STEP_SECONDS = 10;
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    enum Phase { CONNECTING, PARAMS, STREAMS, RUNNING, RESULTS, DISPLAY, DONE }

    final CompletableFuture<ProbeResult> result = new CompletableFuture<>();
    private final Loops loops;
    private final ProbeRequest request;
    private final TestParams params;
    private final Consumer<ProbeInterval> progress;
    private final byte[] cookie = Iperf3.newCookie();
    private final ControlDecoder decoder = new ControlDecoder();
    private final List<Stream> streams = new ArrayList<>();
    private final List<Sender> senders = new ArrayList<>();
    private final InetSocketAddress server;
    private Channel control;
    private Phase phase = Phase.CONNECTING;
    private ScheduledFuture<?> deadline;
    private ScheduledFuture<?> ticker;
    private ScheduledFuture<?> ender;
    private CpuMeter cpu;
    private long startNanos;
    private long endNanos;
    private Interval last;
    private ProbeResult outcome;

    /** What the streams had counted at an interval's start. */
    private record Interval(long atNanos, long bytes, long packets, long lost) {}

    ClientRun(Loops loops, ProbeRequest request, Consumer<ProbeInterval> progress) {
        this.loops = loops;
        this.request = request;
        this.progress = progress;
        this.server = new InetSocketAddress(request.host(), request.port());
        long bits = request.bitsPerSecond() > 0 ? request.bitsPerSecond() : request.udp() ? Iperf3.DEFAULT_UDP_RATE : 0;
        this.params = new TestParams(request.udp(), request.seconds(), request.bytes(), 0, request.parallel(),
                request.reverse(), false, request.udp() ? Iperf3.DEFAULT_UDP_BLOCK : Iperf3.DEFAULT_TCP_BLOCK, bits,
                false, "3.12");
    }

    CompletableFuture<ProbeResult> start() {
        if (server.isUnresolved()) {
            result.completeExceptionally(new PlatformException(ErrorCode.BAD_REQUEST, "unknown host " + request.host()));
            return result;
        }
        ChannelFuture connect = new Bootstrap().group(loops.group()).channel(loops.socket())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, STEP_SECONDS * 1000)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(decoder, ClientRun.this);
                    }
                })
                .connect(server);
        control = connect.channel();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                fail("cannot reach the iperf3 server at " + where() + ": " + f.cause().getMessage());
                return;
            }
            phase = Phase.PARAMS;
            control.writeAndFlush(Unpooled.wrappedBuffer(cookie));
            step("PARAM_EXCHANGE");
        });
        return result;
    }

    private String where() {
        return request.host() + ":" + request.port();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ControlDecoder.State s) {
            state(s.value());
        } else if (msg instanceof ControlDecoder.ServerError e) {
            fail("the server refused: " + serverError(e.iperfError()));
        } else if (msg instanceof JsonNode json && phase == Phase.RESULTS) {
            outcome = summarize(json);
            phase = Phase.DISPLAY;
            step("DISPLAY_RESULTS");
        } else {
            fail("unexpected message from the server during " + phase);
        }
    }

    private void state(byte state) {
        switch (state) {
            case Iperf3.PARAM_EXCHANGE -> {
                Iperf3.sendJson(control, params.toJson());
                phase = Phase.STREAMS;
                step("CREATE_STREAMS");
            }
            case Iperf3.CREATE_STREAMS -> openStream(0);
            case Iperf3.TEST_START -> step("TEST_RUNNING");
            case Iperf3.TEST_RUNNING -> run();
            case Iperf3.EXCHANGE_RESULTS -> {
                decoder.expectJson();
                Iperf3.sendJson(control, ourResults());
                step("the server's results");
            }
            case Iperf3.DISPLAY_RESULTS -> {
                Iperf3.sendState(control, Iperf3.IPERF_DONE).addListener(f -> finish());
                cancelStep();
            }
            case Iperf3.ACCESS_DENIED -> fail("the server at " + where() + " is busy running a test");
            case Iperf3.SERVER_TERMINATE -> fail("the server terminated the test");
            default -> fail("unexpected state " + state + " from the server during " + phase);
        }
    }

    private void openStream(int index) {
        if (index == params.parallel()) {
            return; // the server says TEST_START once it has them all
        }
        Stream stream = new Stream(index, null, null);
        Bootstrap b = new Bootstrap().group(loops.group());
        if (params.udp()) {
            b.channel(loops.datagram())
                    .option(ChannelOption.SO_RCVBUF, 4 << 20)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65536))
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new UdpClientStream(stream, index));
                        }
                    });
        } else {
            b.channel(loops.socket())
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(4096, 128 * 1024, 1024 * 1024))
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 1024 * 1024))
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new Counter(stream));
                        }
                    });
        }
        b.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, STEP_SECONDS * 1000);
        ChannelFuture connect = b.connect(server);
        stream.channel = connect.channel();
        connect.addListener(f -> control.eventLoop().execute(() -> {
            if (!f.isSuccess()) {
                fail("cannot open stream " + (index + 1) + " to " + where() + ": " + f.cause().getMessage());
                return;
            }
            streams.add(stream);
            if (params.udp()) {
                connect.channel().writeAndFlush(Unpooled.buffer(4).writeInt(Iperf3.UDP_CONNECT_MSG));
            } else {
                connect.channel().writeAndFlush(Unpooled.wrappedBuffer(cookie))
                        .addListener(w -> control.eventLoop().execute(() -> openStream(index + 1)));
            }
        }));
    }

    /** A client UDP stream: waits for the server's "6789", then counts what arrives. */
    private final class UdpClientStream extends SimpleChannelInboundHandler<DatagramPacket> {
        private final Stream stream;
        private final int index;
        private boolean accepted;

        UdpClientStream(Stream stream, int index) {
            this.stream = stream;
            this.index = index;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ByteBuf data = packet.content();
            if (!accepted) {
                int word = data.readableBytes() >= 4 ? data.getInt(data.readerIndex()) : 0;
                if (word == Iperf3.UDP_CONNECT_REPLY || word == Iperf3.LEGACY_UDP_CONNECT_REPLY) {
                    accepted = true;
                    control.eventLoop().execute(() -> openStream(index + 1));
                }
                return;
            }
            if (receiving) {
                stream.receivedDatagram(data, params.counters64(), Stream.nowMicros());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port unreachable and the like: the control connection tells how the test ends.
        }
    }

    private volatile boolean receiving;

    private void run() {
        phase = Phase.RUNNING;
        for (int i = 0; i < streams.size(); i++) {
            streams.get(i).id = Iperf3.streamId(i);
        }
        cancelStep();
        cpu = new CpuMeter();
        startNanos = System.nanoTime();
        last = new Interval(startNanos, 0, 0, 0);
        if (params.reverse()) {
            receiving = true;
        } else {
            AtomicLong budget = new AtomicLong(params.byteLimit());
            for (Stream s : streams) {
                Sender sender = new Sender(s, params, budget, () -> control.eventLoop().execute(this::end));
                senders.add(sender);
                sender.start();
            }
        }
        ticker = control.eventLoop().scheduleAtFixedRate(() -> report(System.nanoTime()), INTERVAL_NANOS,
                INTERVAL_NANOS, TimeUnit.NANOSECONDS);
        if (params.byteLimit() == Long.MAX_VALUE) {
            ender = control.eventLoop().schedule(this::end, params.seconds() * INTERVAL_NANOS, TimeUnit.NANOSECONDS);
        } else if (params.reverse()) {
            ender = control.eventLoop().scheduleAtFixedRate(this::checkBytesIn, 10, 10, TimeUnit.MILLISECONDS);
        }
    }

    /** A reverse test limited by bytes ends when they are in: only the receiver knows. */
    private void checkBytesIn() {
        if (bytes() >= params.byteLimit()) {
            end();
        }
    }

    private long bytes() {
        return streams.stream().mapToLong(s -> s.bytes).sum();
    }

    private void report(long now) {
        long bytes = bytes();
        long packets = streams.stream().mapToLong(s -> s.packets).sum();
        long lost = streams.stream().mapToLong(s -> s.lost).sum();
        double jitter = params.reverse() && params.udp() ? streams.stream().mapToDouble(s -> s.jitter).average().orElse(0) : 0;
        double from = (last.atNanos() - startNanos) / 1e9;
        double to = (now - startNanos) / 1e9;
        long moved = bytes - last.bytes();
        progress.accept(new ProbeInterval(from, to, moved, to > from ? moved * 8 / (to - from) : 0,
                packets - last.packets(), params.reverse() ? lost - last.lost() : 0, jitter * 1000));
        last = new Interval(now, bytes, packets, lost);
    }

    private void end() {
        if (phase != Phase.RUNNING) {
            return;
        }
        endNanos = System.nanoTime();
        receiving = false;
        Future<Void> sendersStopped = Sender.stopAll(senders, control.eventLoop());
        ticker.cancel(false);
        if (ender != null) {
            ender.cancel(false);
        }
        if (endNanos - last.atNanos() > 50_000_000L) {
            report(endNanos);
        }
        phase = Phase.RESULTS;
        // Our results carry each sender's retransmits, read on the sender's own loop as it stopped.
        sendersStopped.addListener(f -> {
            if (phase == Phase.RESULTS) {
                Iperf3.sendState(control, Iperf3.TEST_END);
                step("EXCHANGE_RESULTS");
            }
        });
    }

    private ObjectNode ourResults() {
        double[] load = cpu.percent();
        boolean sender = !params.reverse();
        boolean retransmits = sender && !params.udp() && loops.epoll();
        ObjectNode j = Iperf3.JSON.createObjectNode();
        j.put("cpu_util_total", load[0]);
        j.put("cpu_util_user", load[1]);
        j.put("cpu_util_system", load[2]);
        j.put("sender_has_retransmits", sender ? (retransmits ? 1 : 0) : -1);
        ArrayNode list = j.putArray("streams");
        double seconds = (endNanos - startNanos) / 1e9;
        streams.forEach(s -> list.add(s.toJson(retransmits, seconds)));
        return j;
    }

    /** Both sides' counts: ours from the streams, the server's from its results. */
    private ProbeResult summarize(JsonNode theirs) {
        long peerBytes = 0;
        long peerRetransmits = 0;
        long peerLost = 0;
        long peerPackets = 0;
        double peerJitter = 0;
        double peerSeconds = 0;
        int n = 0;
        for (JsonNode s : theirs.path("streams")) {
            peerBytes += s.path("bytes").asLong();
            peerRetransmits += Math.max(0, s.path("retransmits").asLong());
            peerLost += s.path("errors").asLong();
            peerPackets += s.path("packets").asLong();
            peerJitter += s.path("jitter").asDouble();
            peerSeconds = Math.max(peerSeconds, s.path("end_time").asDouble() - s.path("start_time").asDouble());
            n++;
        }
        double ourSeconds = (endNanos - startNanos) / 1e9;
        long ours = bytes();
        long ourPackets = streams.stream().mapToLong(s -> s.packets).sum();
        long ourLost = streams.stream().mapToLong(s -> s.lost).sum();
        if (!params.reverse()) {
            double seconds = peerSeconds > 0 ? peerSeconds : ourSeconds;
            long retransmits = loops.epoll() && !params.udp() ? streams.stream().mapToLong(s -> Math.max(0, s.retransmits)).sum() : -1;
            return new ProbeResult(ours, peerBytes, peerBytes * 8 / seconds, retransmits,
                    n == 0 ? 0 : peerJitter / n * 1000, loss(peerLost, ourPackets), seconds, ourPackets, peerLost);
        }
        boolean known = theirs.path("sender_has_retransmits").asInt(-1) == 1;
        double jitter = streams.stream().mapToDouble(s -> s.jitter).average().orElse(0) * 1000;
        return new ProbeResult(peerBytes, ours, ours * 8 / ourSeconds, known ? peerRetransmits : -1,
                params.udp() ? jitter : 0, loss(ourLost, peerPackets), ourSeconds, peerPackets, ourLost);
    }

    private double loss(long lost, long packets) {
        return params.udp() && packets > 0 ? lost * 100.0 / packets : 0;
    }

    private static String serverError(int code) {
        return switch (code) {
            case Iperf3.IENUMSTREAMS -> "too many parallel streams";
            case 1 -> "bad protocol or parameters (iperf3 error 1)";
            case Iperf3.IERECVPARAMS -> "it could not take the test's parameters";
            case Iperf3.IEMESSAGE -> "it got a message it did not expect";
            default -> "iperf3 error " + code;
        };
    }

    private void finish() {
        phase = Phase.DONE;
        closeAll();
        if (outcome != null) {
            result.complete(outcome);
        } else {
            result.completeExceptionally(new PlatformException(ErrorCode.FAILED, "the server sent no results"));
        }
    }

    private void fail(String why) {
        if (phase == Phase.DONE) {
            return;
        }
        phase = Phase.DONE;
        receiving = false;
        Sender.stopAll(senders, control.eventLoop());
        closeAll();
        result.completeExceptionally(new PlatformException(ErrorCode.FAILED, why));
    }

    private void closeAll() {
        cancelStep();
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (ender != null) {
            ender.cancel(false);
        }
        streams.forEach(s -> s.channel.close());
        control.close();
    }

    private void step(String what) {
        cancelStep();
        deadline = control.eventLoop().schedule(() -> fail("no " + what + " from " + where() + " within "
                + STEP_SECONDS + " s"), STEP_SECONDS, TimeUnit.SECONDS);
    }

    private void cancelStep() {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (phase == Phase.DISPLAY || phase == Phase.DONE) {
            return;
        }
        fail("the server closed the control connection during " + phase.name().toLowerCase());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail("control connection to " + where() + " failed: " + cause.getMessage());
    }
}
