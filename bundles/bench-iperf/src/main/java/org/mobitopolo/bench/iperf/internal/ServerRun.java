package org.mobitopolo.bench.iperf.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import java.net.InetSocketAddress;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.mobitopolo.api.bench.ServedTest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One test on the server, driven by its control connection as {@code iperf_server_api.c} drives
 * it: PARAM_EXCHANGE, CREATE_STREAMS, TEST_START and TEST_RUNNING, then on the client's TEST_END
 * EXCHANGE_RESULTS and DISPLAY_RESULTS. Its state changes on the control connection's event loop only.
 */
final class ServerRun extends SimpleChannelInboundHandler<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerRun.class);
    /** Time a client gets for each step before the test is given up. */
    private static final int STEP_SECONDS = 10;

    enum Phase { PARAMS, STREAMS, RUNNING, RESULTS, DISPLAY, DONE }

    final String cookie;
    final Channel control;
    private final InetSocketAddress client;
    private final IperfServer server;
    private final ControlDecoder decoder;
    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    private final List<Sender> senders = new ArrayList<>();
    private Future<Void> sendersStopped;
    private volatile Phase phase = Phase.PARAMS;
    private volatile TestParams params;
    private volatile String outcome = "running";
    private volatile long startNanos;
    private volatile long endNanos;
    private ScheduledFuture<?> deadline;
    private CpuMeter cpu;

    ServerRun(IperfServer server, String cookie, Channel control, ControlDecoder decoder) {
        this.server = server;
        this.cookie = cookie;
        this.control = control;
        this.client = (InetSocketAddress) control.remoteAddress();
        this.decoder = decoder;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        decoder.expectJson();
        Iperf3.sendState(control, Iperf3.PARAM_EXCHANGE);
        step("parameters");
    }

    /** Whether this test waits for streams of {@code udp} kind from {@code client}'s address. */
    boolean awaitsStreams(boolean udp, InetSocketAddress client) {
        TestParams p = params;
        return phase == Phase.STREAMS && p != null && p.udp() == udp
                && this.client.getAddress().equals(client.getAddress());
    }

    /** Counting UDP datagrams only while the test runs, as iperf3 does. */
    boolean receiving() {
        return phase == Phase.RUNNING && !params.reverse();
    }

    boolean counters64() {
        return params.counters64();
    }

    /** A data stream arrived; called on any loop. */
    void offer(Stream stream) {
        control.eventLoop().execute(() -> {
            if (phase != Phase.STREAMS || streams.size() >= params.parallel()) {
                if (stream.udpPeer != null) {
                    server.forgetUdp(stream.udpPeer);
                } else {
                    stream.channel.close();
                }
                return;
            }
            streams.add(stream);
            if (streams.size() == params.parallel()) {
                run();
            }
        });
    }

    private void run() {
        List<Stream> ordered = new ArrayList<>(streams);
        ordered.sort(Comparator.comparingLong(s -> s.order));
        for (int i = 0; i < ordered.size(); i++) {
            ordered.get(i).id = Iperf3.streamId(i);
        }
        phase = Phase.RUNNING;
        cpu = new CpuMeter();
        startNanos = System.nanoTime();
        Iperf3.sendState(control, Iperf3.TEST_START);
        Iperf3.sendState(control, Iperf3.TEST_RUNNING);
        if (params.reverse()) {
            AtomicLong budget = new AtomicLong(params.byteLimit());
            for (Stream s : ordered) {
                Sender sender = new Sender(s, params, budget, () -> { });
                senders.add(sender);
                sender.start();
            }
        }
        boolean byCount = params.byteLimit() != Long.MAX_VALUE;
        cancelStep();
        // A client that stops talking but keeps its connection open would otherwise hold the test forever.
        deadline = control.eventLoop().schedule(() -> fail("no TEST_END from the client in time"),
                (byCount ? 3600 : params.seconds()) + STEP_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof JsonNode json) {
            json(json);
        } else if (msg instanceof ControlDecoder.State state) {
            state(state.value());
        } else {
            garbage("unexpected " + msg);
        }
    }

    private void json(JsonNode json) {
        if (phase == Phase.PARAMS) {
            TestParams p;
            try {
                p = TestParams.parse(json);
            } catch (IllegalArgumentException e) {
                refuse(Iperf3.IERECVPARAMS, e.getMessage());
                return;
            }
            String refusal = p.refusal(server.maxStreams());
            if (refusal != null) {
                refuse(p.parallel() > server.maxStreams() ? Iperf3.IENUMSTREAMS : Iperf3.IERECVPARAMS, refusal);
                return;
            }
            params = p;
            phase = Phase.STREAMS;
            LOG.debug("Test from {}: {}", client, p);
            Iperf3.sendState(control, Iperf3.CREATE_STREAMS);
            step("streams");
        } else if (phase == Phase.RESULTS) {
            phase = Phase.DISPLAY;
            step("IPERF_DONE");
            // Our results carry each sender's retransmits, read on the sender's own loop as it stopped.
            sendersStopped.addListener(f -> {
                if (phase == Phase.DISPLAY) {
                    Iperf3.sendJson(control, results());
                    Iperf3.sendState(control, Iperf3.DISPLAY_RESULTS);
                }
            });
        } else {
            garbage("JSON out of turn");
        }
    }

    private void state(byte state) {
        if (phase == Phase.RUNNING && state == Iperf3.TEST_END) {
            endNanos = System.nanoTime();
            stopStreams();
            phase = Phase.RESULTS;
            decoder.expectJson();
            Iperf3.sendState(control, Iperf3.EXCHANGE_RESULTS);
            step("results");
        } else if (phase == Phase.DISPLAY && state == Iperf3.IPERF_DONE) {
            finish(true, "completed");
            control.close();
        } else if (state == Iperf3.CLIENT_TERMINATE) {
            fail("the client terminated the test");
        } else if (phase == Phase.RUNNING && state == Iperf3.TEST_START) {
            return; // iperf3's server ignores it too
        } else {
            garbage("state " + state + " during " + phase);
        }
    }

    private ObjectNode results() {
        double[] load = cpu.percent();
        ObjectNode j = Iperf3.JSON.createObjectNode();
        j.put("cpu_util_total", load[0]);
        j.put("cpu_util_user", load[1]);
        j.put("cpu_util_system", load[2]);
        boolean sender = params.reverse();
        boolean retransmits = sender && !params.udp() && server.knowsRetransmits();
        j.put("sender_has_retransmits", sender ? (retransmits ? 1 : 0) : -1);
        ArrayNode list = j.putArray("streams");
        streams.stream().sorted(Comparator.comparingInt(s -> s.id))
                .forEach(s -> list.add(s.toJson(retransmits, seconds())));
        return j;
    }

    private double seconds() {
        long start = startNanos;
        if (start == 0) {
            return 0;
        }
        long end = endNanos != 0 ? endNanos : System.nanoTime();
        return (end - start) / 1e9;
    }

    private void refuse(int iperfError, String why) {
        LOG.info("Refused a test from {}: {}", client, why);
        Iperf3.sendError(control, iperfError).addListener(ChannelFutureListener.CLOSE);
        finish(false, "refused: " + why);
    }

    private void garbage(String what) {
        if (phase == Phase.DONE) {
            return;
        }
        server.countMalformed();
        Iperf3.sendError(control, Iperf3.IEMESSAGE).addListener(ChannelFutureListener.CLOSE);
        fail("garbage on the control connection: " + what);
    }

    private void fail(String why) {
        if (phase != Phase.DONE) {
            LOG.info("Test from {} ended early: {}", client, why);
            finish(false, why);
        }
        control.close();
    }

    private void finish(boolean completed, String how) {
        if (phase == Phase.DONE) {
            return;
        }
        if (endNanos == 0 && startNanos != 0) {
            endNanos = System.nanoTime();
        }
        phase = Phase.DONE;
        outcome = how;
        cancelStep();
        stopStreams();
        server.finished(this, completed);
    }

    private void stopStreams() {
        sendersStopped = Sender.stopAll(senders, control.eventLoop());
        for (Stream s : streams) {
            if (s.udpPeer != null) {
                server.forgetUdp(s.udpPeer);
            } else {
                s.channel.close();
            }
        }
    }

    private void step(String what) {
        cancelStep();
        deadline = control.eventLoop().schedule(() -> fail("no " + what + " from the client within " + STEP_SECONDS
                + " s"), STEP_SECONDS, TimeUnit.SECONDS);
    }

    private void cancelStep() {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (phase == Phase.DISPLAY) {
            finish(true, "completed");
        } else if (phase != Phase.DONE) {
            fail("the client vanished during " + phase.name().toLowerCase());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            garbage(cause.getMessage());
        } else {
            fail("control connection failed: " + cause.getMessage());
        }
    }

    /** This test as the server saw it. */
    ServedTest served() {
        TestParams p = params;
        long bytes = streams.stream().mapToLong(s -> s.bytes).sum();
        return new ServedTest(client.getAddress().getHostAddress(),
                p != null && p.udp(), p != null && p.reverse(), p == null ? 0 : p.parallel(), bytes, seconds(), outcome);
    }
}
