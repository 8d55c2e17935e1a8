package org.mobitopolo.bench.iperf.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.DoubleConsumer;
import org.mobitopolo.api.bench.LatencyProbe;
import org.mobitopolo.api.bench.LatencyRequest;
import org.mobitopolo.api.bench.LatencyResult;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.platform.PluginCatalog;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Round-trip time as the time a TCP connect takes: one SYN out, one SYN-ACK (open port) or RST
 * (closed port) back, so any reachable host answers without a server of ours, and without root
 * as ICMP would need.
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component(property = PluginCatalog.PLUGIN_NAME + "=iperf3")
public final class ConnectLatency implements LatencyProbe {
    private static final int TIMEOUT_MILLIS = 2000;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mobitopolo-latency");
        t.setDaemon(true);
        return t;
    });

    @Override
    public CompletionStage<LatencyResult> measure(LatencyRequest request, DoubleConsumer sample) {
        InetSocketAddress to = new InetSocketAddress(request.host(), request.port());
        if (to.isUnresolved()) {
            return CompletableFuture.failedFuture(new PlatformException(ErrorCode.BAD_REQUEST,
                    "unknown host " + request.host()));
        }
        return CompletableFuture.supplyAsync(() -> measure(to, request, sample), executor);
    }

    private static LatencyResult measure(InetSocketAddress to, LatencyRequest request, DoubleConsumer sample) {
        double[] rtts = new double[request.count()];
        int n = 0;
        int lost = 0;
        for (int i = 0; i < request.count(); i++) {
            if (i > 0 && request.intervalMillis() > 0) {
                try {
                    Thread.sleep(request.intervalMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            double rtt = connect(to);
            if (Double.isNaN(rtt)) {
                lost++;
            } else {
                rtts[n++] = rtt;
                sample.accept(rtt);
            }
        }
        return summarize("tcp-connect", Arrays.copyOf(rtts, n), lost);
    }

    /** One connect's time in ms; NaN when nothing answered. */
    private static double connect(InetSocketAddress to) {
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            s.setSoLinger(true, 0); // RST on close: no TIME_WAIT left behind per sample
            s.connect(to, TIMEOUT_MILLIS);
        } catch (ConnectException e) {
            if (!String.valueOf(e.getMessage()).contains("refused")) {
                return Double.NaN; // no route, unreachable: no round trip measured
            }
        } catch (SocketTimeoutException e) {
            return Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /** Percentiles by nearest rank. */
    static LatencyResult summarize(String method, double[] rtts, int lost) {
        if (rtts.length == 0) {
            return new LatencyResult(method, 0, lost, 0, 0, 0, 0, 0, 0);
        }
        double[] sorted = rtts.clone();
        Arrays.sort(sorted);
        return new LatencyResult(method, sorted.length, lost, sorted[0], rank(sorted, 50), rank(sorted, 90),
                rank(sorted, 99), sorted[sorted.length - 1], Arrays.stream(sorted).average().orElse(0));
    }

    private static double rank(double[] sorted, int percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    @Deactivate
    void close() {
        executor.shutdownNow();
    }
}
