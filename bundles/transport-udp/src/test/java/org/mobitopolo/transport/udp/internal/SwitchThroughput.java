package org.mobitopolo.transport.udp.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.mobitopolo.api.net.FrameFormat;
import org.mobitopolo.api.net.PortBinding;

/**
 * Benchmark harness (run by {@code bench/switch-throughput.sh}, not a test): frames per second and
 * Mbit/s from one VM socket to another through the switch, beside the same datagrams sent straight
 * from socket to socket on loopback, the limit, and beside the cheapest user-space hop (the C relay
 * {@code bench/relay.c}, when its binary is given), the yardstick for any switch in user space. All
 * run in this one process, one after the other. Arguments: seconds per case, the relay's binary (or
 * an empty string), runs per case, and one frame size to run alone.
 */
public final class SwitchThroughput {
    /** Datagrams in flight at most. */
    private static final int WINDOW = 256;

    private SwitchThroughput() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        String relay = args.length > 1 && !args[1].isEmpty() ? args[1] : null;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int[] frames = args.length > 3 ? new int[] {Integer.parseInt(args[3])} : new int[] {64, 1400};
        System.out.printf("%-6s %-6s %18s %18s %18s %14s %13s %13s%n", "frame", "run", "direct fps Mbit/s", "C relay fps Mbit/s",
                "switch fps Mbit/s", "switch/direct", "relay/direct", "switch/relay");
        for (int frameBytes : frames) {
            // Runs swing by a third here: each case several times, in turn, and the median of each ratio.
            double[][] ratios = new double[3][runs];
            for (int run = 0; run < runs; run++) {
                double direct = direct(frameBytes, seconds);
                double relayed = relay != null ? throughRelay(relay, frameBytes, seconds) : Double.NaN;
                double switched = throughSwitch(frameBytes, seconds);
                ratios[0][run] = switched / direct;
                ratios[1][run] = relayed / direct;
                ratios[2][run] = switched / relayed;
                System.out.printf("%-6d %-6d %9.0f %8.1f %9.0f %8.1f %9.0f %8.1f %14.2f %13.2f %13.2f%n", frameBytes, run + 1,
                        direct, mbit(direct, frameBytes), relayed, mbit(relayed, frameBytes), switched, mbit(switched, frameBytes),
                        ratios[0][run], ratios[1][run], ratios[2][run]);
            }
            System.out.printf("%-6d %-6s %18s %18s %18s %14.2f %13.2f %13.2f%n", frameBytes, "median", "", "", "",
                    median(ratios[0]), median(ratios[1]), median(ratios[2]));
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double mbit(double fps, int frameBytes) {
        return fps * frameBytes * 8 / 1e6;
    }

    /** The limit: L2TPv3-sized datagrams straight from one socket to another. */
    private static double direct(int frameBytes, int seconds) throws IOException, InterruptedException {
        try (DatagramChannel rx = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                DatagramChannel tx = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            return run(tx, (InetSocketAddress) rx.getLocalAddress(), rx, datagram(frameBytes), seconds);
        }
    }

    /** The same datagrams through the C relay: A's socket sends to the relay, which passes them on to B's. */
    private static double throughRelay(String relay, int frameBytes, int seconds)
            throws IOException, InterruptedException {
        try (DatagramChannel rx = DatagramChannel.open().bind(address(0));
                DatagramChannel tx = DatagramChannel.open().bind(address(0))) {
            int in = freePort();
            Process p = new ProcessBuilder(relay, Integer.toString(in),
                    Integer.toString(((InetSocketAddress) rx.getLocalAddress()).getPort()),
                    Integer.toString(freePort()), Integer.toString(((InetSocketAddress) tx.getLocalAddress()).getPort()),
                    "1000").inheritIO().start(); // polls as long after traffic as the switch does by default
            try {
                Thread.sleep(200); // bound by then
                return run(tx, address(in), rx, datagram(frameBytes), seconds);
            } finally {
                p.destroy();
                p.waitFor();
            }
        }
    }

    private static int freePort() throws IOException {
        try (DatagramChannel c = DatagramChannel.open().bind(address(0))) {
            return ((InetSocketAddress) c.getLocalAddress()).getPort();
        }
    }

    /** VM A's NIC sends unicast frames to VM B's learnt MAC; B's NIC counts what arrives. */
    private static double throughSwitch(int frameBytes, int seconds) throws IOException, InterruptedException {
        UdpSwitch sw = new UdpSwitch(UdpSwitchTest.config());
        try {
            sw.createNetwork("bench");
            PortBinding a = sw.attach("bench", "a", FrameFormat.L2TPV3);
            PortBinding b = sw.attach("bench", "b", FrameFormat.L2TPV3);
            try (DatagramChannel nicA = DatagramChannel.open().bind(address(a.vmEndpoint().port()));
                    DatagramChannel nicB = DatagramChannel.open().bind(address(b.vmEndpoint().port()))) {
                // B speaks first, so the switch learns where B's MAC lives.
                ByteBuffer hello = datagram(64);
                hello.put(8 + 6 + 5, (byte) 0xb);
                hello.put(8, (byte) 0xff);
                nicB.send(hello, address(b.switchEndpoint().port()));
                nicA.receive(ByteBuffer.allocate(2048));
                return run(nicA, address(a.switchEndpoint().port()), nicB, datagram(frameBytes), seconds);
            }
        } finally {
            sw.deactivate();
        }
    }

    private static InetSocketAddress address(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** An L2TPv3 datagram (session 1) carrying a unicast frame from 02:..:0a to 02:..:0b. */
    private static ByteBuffer datagram(int frameBytes) {
        ByteBuffer d = ByteBuffer.allocateDirect(8 + frameBytes);
        d.putShort((short) 3).putShort((short) 0).putInt(1);
        d.put(new byte[] {2, 0, 0, 0, 0, 0xb}).put(new byte[] {2, 0, 0, 0, 0, 0xa}).putShort((short) 0x0800);
        while (d.hasRemaining()) {
            d.put((byte) 0x5a);
        }
        return d.flip();
    }

    /**
     * Sends for {@code seconds} with at most {@value #WINDOW} datagrams in flight, as a TCP-like
     * sender would (an open-loop blast would only measure socket buffer overflow); returns
     * datagrams received per second.
     */
    private static double run(DatagramChannel tx, InetSocketAddress to, DatagramChannel rx, ByteBuffer datagram,
            int seconds) throws InterruptedException {
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicLong received = new AtomicLong();
        Thread receiver = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocateDirect(2048);
            try {
                while (true) {
                    buf.clear();
                    rx.receive(buf);
                    received.incrementAndGet();
                }
            } catch (IOException closed) {
                // the benchmark is over
            }
        });
        receiver.start();
        Thread sender = new Thread(() -> {
            try {
                long sent = 0;
                while (sending.get()) {
                    if (sent - received.get() < WINDOW) {
                        tx.send(datagram.duplicate(), to);
                        sent++;
                    } else {
                        Thread.yield();
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        sender.start();
        Thread.sleep(1500); // warm up (the JIT compiles the path meanwhile)
        long start = received.get();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double fps = (received.get() - start) / ((System.nanoTime() - t0) / 1e9);
        sending.set(false);
        sender.join();
        try {
            rx.close();
        } catch (IOException e) {
            // closing ends the receiver
        }
        receiver.join();
        return fps;
    }
}
