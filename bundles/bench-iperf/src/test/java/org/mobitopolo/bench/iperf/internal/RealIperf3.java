package org.mobitopolo.bench.iperf.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real iperf3 (Debian's 3.12) as a peer in tests, and our server configured for them. */
final class RealIperf3 implements AutoCloseable {
    private final Process process;

    private RealIperf3(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of("iperf3"));
        command.addAll(args);
        this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** {@code iperf3 -c 127.0.0.1 -p PORT --json ARGS}; its JSON once it ends. */
    static JsonNode client(int port, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("-c", "127.0.0.1", "-p", String.valueOf(port), "--json"));
        all.addAll(List.of(args));
        try (RealIperf3 client = new RealIperf3(all)) {
            return client.json(60);
        }
    }

    /** {@code iperf3 -s -1 -p PORT --json}: serves one test, then prints its JSON and exits. */
    static RealIperf3 server(int port) throws Exception {
        RealIperf3 server = new RealIperf3(List.of("-s", "-1", "-p", String.valueOf(port), "--json"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            // Not by connecting: a one-off server would take that connection for its one test.
            if (listening(port)) {
                return server;
            }
            Thread.sleep(20);
        }
        server.close();
        throw new IllegalStateException("iperf3 -s did not listen on " + port);
    }

    private static boolean listening(int port) throws IOException {
        String local = String.format(":%04X ", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && (f[1] + " ").endsWith(local) && f[3].equals("0A")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Starts {@code iperf3 -c ...} and returns at once, for tests that cut it short. */
    static RealIperf3 startClient(int port, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("-c", "127.0.0.1", "-p", String.valueOf(port)));
        all.addAll(List.of(args));
        return new RealIperf3(all);
    }

    JsonNode json(int seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("iperf3 did not end within " + seconds + " s");
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return Iperf3.JSON.readTree(out.substring(out.indexOf('{')));
    }

    int exitCode(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("iperf3 did not end within " + seconds + " s");
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    void kill() {
        process.destroyForcibly();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    static IperfServer.Config config(int maxStreams, int maxTests) {
        return new IperfServer.Config() {
            @Override public Class<? extends Annotation> annotationType() { return IperfServer.Config.class; }
            @Override public int maxStreams() { return maxStreams; }
            @Override public int maxTests() { return maxTests; }
            @Override public int threads() { return 2; }
        };
    }
}
