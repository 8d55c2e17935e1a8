package org.mobitopolo.shell.command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.mobitopolo.api.net.NetworkInfo;
import org.mobitopolo.api.net.PortInfo;
import org.mobitopolo.api.net.TunnelInfo;
import org.mobitopolo.api.net.VirtualSwitch;

/**
 * {@code mobi:net-stats}: what the switch carries, per network and per tunnel: totals, and the
 * rate over a short interval measured now.
 */
@Service
@Command(scope = "mobi", name = "net-stats", description = "Shows per network and per tunnel the frames and bytes "
        + "carried, the rate over the last interval, and drops by reason")
public class NetStatsCommand extends NetCommand {
    @Option(name = "-i", aliases = "--interval", description = "seconds to measure the rate over; 0 for totals only")
    double intervalSeconds = 1;

    /** Frames and bytes into the switch, and drops by reason, of one network or tunnel at one moment. */
    private record Sample(long frames, long bytes, Map<String, Long> drops) {
        static Sample of(Iterable<PortInfo> ports) {
            long frames = 0;
            long bytes = 0;
            Map<String, Long> drops = new TreeMap<>();
            for (PortInfo p : ports) {
                frames += p.rxFrames();
                bytes += p.rxBytes();
                p.drops().forEach((k, v) -> drops.merge(k, v, Long::sum));
            }
            return new Sample(frames, bytes, drops);
        }

        static Sample of(TunnelInfo t) {
            return new Sample(t.rxFrames() + t.txFrames(), t.rxBytes() + t.txBytes(), t.drops());
        }
    }

    @Override
    public Object execute() throws InterruptedException {
        if (intervalSeconds < 0 || intervalSeconds > 60) {
            throw new IllegalArgumentException("the interval is 0-60 seconds, got " + intervalSeconds);
        }
        VirtualSwitch sw = sw();
        Map<String, Sample> before = sample(sw);
        long start = System.nanoTime();
        Map<String, Sample> after = before;
        if (intervalSeconds > 0) {
            Thread.sleep((long) (intervalSeconds * 1000));
            after = sample(sw);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        ShellTable t = new ShellTable();
        t.column("Network / tunnel");
        t.column("Frames").alignRight();
        t.column("Bytes").alignRight();
        if (intervalSeconds > 0) {
            t.column("Frames/s").alignRight();
            t.column("Mbit/s").alignRight();
        }
        t.column("Drops");
        after.forEach((name, now) -> {
            Sample then = before.getOrDefault(name, now);
            var row = t.addRow();
            row.addContent(name, now.frames(), Units.bytes(now.bytes()));
            if (intervalSeconds > 0) {
                row.addContent(String.format("%.0f", (now.frames() - then.frames()) / seconds),
                        String.format("%.2f", (now.bytes() - then.bytes()) * 8 / seconds / 1e6));
            }
            row.addContent(now.drops().isEmpty() ? "" : now.drops());
        });
        t.print(System.out);
        return null;
    }

    /** Networks count what their ports received (each frame once); tunnels both ways. */
    private static Map<String, Sample> sample(VirtualSwitch sw) {
        Map<String, Sample> samples = new LinkedHashMap<>();
        for (NetworkInfo n : sw.networks()) {
            samples.put(n.name() + " (VNI " + n.vni() + ")", Sample.of(sw.ports(n.name())));
        }
        for (TunnelInfo tunnel : sw.tunnels()) {
            samples.put(tunnel.id() + " to " + tunnel.remote(), Sample.of(tunnel));
        }
        return samples;
    }
}
