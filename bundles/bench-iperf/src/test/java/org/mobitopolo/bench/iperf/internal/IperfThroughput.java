package org.mobitopolo.bench.iperf.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Benchmark harness (run by {@code bench/iperf.sh}, not a test): the real iperf3 client on loopback
 * against our server and against the real iperf3 server, TCP with one and four streams, the two
 * servers taking turns within each round so that both see the same machine load.
 */
public final class IperfThroughput {
    private static final int OURS = 5390;
    private static final int THEIRS = 5391;

    private IperfThroughput() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        IperfServer server = new IperfServer(RealIperf3.config(128, 1));
        server.start("127.0.0.1", OURS);
        try {
            System.out.printf("%-8s %-6s %14s %14s %7s%n", "streams", "round", "iperf3 Gbit/s", "ours Gbit/s", "ratio");
            for (int streams : new int[] {1, 4}) {
                double theirsSum = 0;
                double oursSum = 0;
                for (int round = 1; round <= rounds; round++) {
                    double theirs;
                    try (RealIperf3 real = RealIperf3.server(THEIRS)) {
                        theirs = gbits(RealIperf3.client(THEIRS, "-t", String.valueOf(seconds), "-P", String.valueOf(streams)));
                        real.json(10);
                    }
                    double ours = gbits(RealIperf3.client(OURS, "-t", String.valueOf(seconds), "-P", String.valueOf(streams)));
                    System.out.printf("%-8d %-6d %14.2f %14.2f %7.2f%n", streams, round, theirs, ours, ours / theirs);
                    theirsSum += theirs;
                    oursSum += ours;
                }
                System.out.printf("%-8d %-6s %14.2f %14.2f %7.2f%n", streams, "mean", theirsSum / rounds, oursSum / rounds,
                        oursSum / theirsSum);
            }
        } finally {
            server.stop();
        }
    }

    /** What the client sent, by its own count: the receiver's count comes back through 3.12's 32-bit JSON ints. */
    private static double gbits(JsonNode client) {
        return client.at("/end/sum_sent/bits_per_second").asDouble() / 1e9;
    }
}
