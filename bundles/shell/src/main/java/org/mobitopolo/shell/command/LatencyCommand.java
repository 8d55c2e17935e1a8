package org.mobitopolo.shell.command;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.bench.LatencyProbe;
import org.mobitopolo.api.bench.LatencyRequest;
import org.mobitopolo.api.bench.LatencyResult;
import org.mobitopolo.api.platform.PlatformException;

/** {@code mobi:latency}: round-trip times to a host by TCP connect, a line per sample, then percentiles. */
@Service
@Command(scope = "mobi", name = "latency", description = "Round-trip time to a host by TCP connect (an open or a "
        + "closed port both answer in one round trip): a line per sample, then min, percentiles, max")
public class LatencyCommand implements Action {
    @Reference(optional = true)
    LatencyProbe probe;

    @Argument(index = 0, name = "host", required = true, description = "the host")
    String host;

    @Option(name = "-p", aliases = "--port", description = "TCP port to connect to")
    int port = 5201;

    @Option(name = "-c", aliases = "--count", description = "samples")
    int count = 10;

    @Option(name = "-i", aliases = "--interval", description = "ms between samples")
    int intervalMillis = 100;

    @Override
    public Object execute() throws Exception {
        LatencyProbe p = PlatformException.requirePlugin(probe, "latency probe", "mobitopolo-bench-iperf");
        LinkedBlockingQueue<Double> samples = new LinkedBlockingQueue<>();
        CompletableFuture<LatencyResult> run = p.measure(new LatencyRequest(host, port, count, intervalMillis),
                samples::add).toCompletableFuture();
        int n = 0;
        while (!run.isDone() || !samples.isEmpty()) {
            Double rtt = samples.poll(100, TimeUnit.MILLISECONDS);
            if (rtt != null) {
                System.out.printf("%s:%d seq=%d time=%.3f ms%n", host, port, ++n, rtt);
            }
        }
        LatencyResult r;
        try {
            r = run.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
        System.out.printf("%d answered, %d lost; rtt min/p50/p90/p99/max/mean = %.3f/%.3f/%.3f/%.3f/%.3f/%.3f ms (%s)%n",
                r.samples(), r.lost(), r.minMillis(), r.p50Millis(), r.p90Millis(), r.p99Millis(), r.maxMillis(),
                r.meanMillis(), r.method());
        return null;
    }
}
