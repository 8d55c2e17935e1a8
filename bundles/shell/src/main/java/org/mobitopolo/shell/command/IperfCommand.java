package org.mobitopolo.shell.command;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.bench.BandwidthProbe;
import org.mobitopolo.api.bench.ProbeInterval;
import org.mobitopolo.api.bench.ProbeRequest;
import org.mobitopolo.api.bench.ProbeResult;
import org.mobitopolo.api.platform.PlatformException;

/** {@code mobi:iperf}: a bandwidth test against an iperf3 server, with iperf3's interval lines as it runs. */
@Service
@Command(scope = "mobi", name = "iperf", description = "Bandwidth test against an iperf3 server (the real one or "
        + "mobi:iperf-server), printing a line per second as iperf3 does")
public class IperfCommand implements Action {
    @Reference(optional = true)
    BandwidthProbe probe;

    @Option(name = "-c", aliases = "--client", required = true, description = "the server's host")
    String host;

    @Option(name = "-p", aliases = "--port", description = "the server's port")
    int port = 5201;

    @Option(name = "-u", aliases = "--udp", description = "UDP instead of TCP")
    boolean udp;

    @Option(name = "-R", aliases = "--reverse", description = "the server sends, we receive")
    boolean reverse;

    @Option(name = "-P", aliases = "--parallel", description = "parallel streams")
    int parallel = 1;

    @Option(name = "-t", aliases = "--time", description = "seconds to send")
    int seconds = 10;

    @Option(name = "-b", aliases = "--bitrate", description = "target bit/s per stream, e.g. 100M; 1M for UDP and "
            + "unlimited for TCP by default")
    String bitrate = "0";

    @Option(name = "-n", aliases = "--bytes", description = "bytes to send instead of a duration, e.g. 100M")
    String bytes = "0";

    @Override
    public Object execute() throws Exception {
        BandwidthProbe p = PlatformException.requirePlugin(probe, "bandwidth probe", "mobitopolo-bench-iperf");
        ProbeRequest request = new ProbeRequest(host, port, udp, reverse, parallel, seconds,
                NetShapeCommand.bits(bitrate), NetShapeCommand.bits(bytes.replaceAll("(?i)b$", "")));
        System.out.printf("Connecting to host %s, port %d%s%n", host, port, reverse ? " (reverse: the server sends)" : "");
        System.out.println("[ ID] Interval           Transfer     Bitrate" + (udp ? "         Datagrams" : ""));
        // Lines are printed here, on the console's own thread, not on the network's threads.
        LinkedBlockingQueue<ProbeInterval> intervals = new LinkedBlockingQueue<>();
        CompletableFuture<ProbeResult> run = p.run(request, intervals::add).toCompletableFuture();
        while (!run.isDone() || !intervals.isEmpty()) {
            ProbeInterval i = intervals.poll(100, TimeUnit.MILLISECONDS);
            if (i != null) {
                System.out.printf("[SUM] %s%n", line(i.startSeconds(), i.endSeconds(), i.bytes(), i.bitsPerSecond())
                        + (udp ? String.format("  %d", i.packets()) : ""));
            }
        }
        ProbeResult r;
        try {
            r = run.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
        System.out.println("- - - - - - - - - - - - - - - - - - - - - - - - -");
        String sent = line(0, r.seconds(), r.bytesSent(), r.bytesSent() * 8 / r.seconds());
        String received = line(0, r.seconds(), r.bytesReceived(), r.bitsPerSecond());
        if (udp) {
            System.out.printf("[SUM] %s  %.3f ms  %d/%d (%.2g%%)  receiver%n", received, r.jitterMillis(), r.lostPackets(),
                    r.packets(), r.lossPercent());
        } else {
            System.out.printf("[SUM] %s  %s  sender%n", sent, r.retransmits() >= 0 ? r.retransmits() + " retr" : "");
            System.out.printf("[SUM] %s  receiver%n", received);
        }
        return null;
    }

    private static String line(double from, double to, long bytes, double bitsPerSecond) {
        return String.format("%6.2f-%-6.2f sec  %10s  %14s", from, to, Units.transfer(bytes), Units.bitrate(bitsPerSecond));
    }
}
