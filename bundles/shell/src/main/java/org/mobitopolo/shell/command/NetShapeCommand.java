package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.net.LinkShape;

/** {@code mobi:net-shape}: emulates a WAN link on a port or a tunnel (the kernel here has no netem). */
@Service
@Command(scope = "mobi", name = "net-shape", description = "Shapes what the switch sends to a port or into a tunnel: "
        + "delay, jitter, rate limit, loss; no options lifts the shaping. Shape both ends to delay both directions")
public class NetShapeCommand extends NetCommand {
    @Argument(index = 0, name = "id", required = true, description = "a port id (mobi:net-ports) or a tunnel id "
            + "(mobi:net-tunnel-list)")
    String port;

    @Option(name = "-d", aliases = "--delay", description = "one-way delay in ms")
    long delayMillis;

    @Option(name = "-j", aliases = "--jitter", description = "extra random delay, 0 to this many ms")
    long jitterMillis;

    @Option(name = "-r", aliases = "--rate", description = "rate limit in bit/s, e.g. 2000000 or 2M")
    String rate = "0";

    @Option(name = "-l", aliases = "--loss", description = "frames lost at random, in percent")
    double lossPercent;

    @Override
    public Object execute() {
        LinkShape shape = new LinkShape(delayMillis, jitterMillis, bits(rate), lossPercent);
        sw().shape(port, shape);
        System.out.println(port + ": " + (shape.isNone() ? "not shaped" : shape));
        return null;
    }

    /** Bits per second, with an optional k, M or G suffix. */
    static long bits(String rate) {
        String r = rate.strip();
        long scale = switch (r.isEmpty() ? ' ' : r.charAt(r.length() - 1)) {
            case 'k', 'K' -> 1_000L;
            case 'm', 'M' -> 1_000_000L;
            case 'g', 'G' -> 1_000_000_000L;
            default -> 1L;
        };
        String number = scale == 1 ? r : r.substring(0, r.length() - 1);
        try {
            return Math.round(Double.parseDouble(number) * scale);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a rate is bits per second like 2000000 or 2M, got '" + rate + "'");
        }
    }
}
