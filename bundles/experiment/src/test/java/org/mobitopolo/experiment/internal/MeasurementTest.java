package org.mobitopolo.experiment.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.vm.ExecResult;

/** Each kind's command run for real on this host, its output read as the guest's would be. */
class MeasurementTest {
    private static Measurement of(String json) {
        List<String> problems = new ArrayList<>();
        Measurement m = Measurement.parse(JsonNodes.of(json), "m", problems);
        assertEquals(List.of(), problems);
        return m;
    }

    private static ExecResult run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new ExecResult(p.exitValue(), out, err, 0);
    }

    @Test
    void pingGivesTheAverageRoundTrip() throws Exception {
        // busybox's ping, as the guests have it (the images' packages bring none of their own)
        Measurement m = of("{\"name\": \"la\", \"node\": \"n\", \"kind\": \"ping\", \"to\": \"127.0.0.1\", \"count\": 2}");
        List<String> busybox = new ArrayList<>(List.of("busybox"));
        busybox.addAll(m.argv());
        double bb = m.value(run(busybox));
        assertTrue(bb > 0 && bb < 50, "busybox's summary: " + bb);
        assertEquals("ms", m.unit());
    }

    @Test
    void iperf3GivesTheReceiversThroughputEitherWay() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        for (boolean reverse : new boolean[] {false, true}) {
            Process server = new ProcessBuilder("iperf3", "-s", "-1", "-p", Integer.toString(port)).start();
            try {
                Thread.sleep(300);
                Measurement m = of("{\"name\": \"th\", \"node\": \"n\", \"kind\": \"iperf3\", \"to\": \"127.0.0.1\", \"seconds\": 1,"
                        + " \"reverse\": " + reverse + "}");
                List<String> argv = new ArrayList<>(m.argv());
                argv.addAll(List.of("-p", Integer.toString(port)));
                double mbits = m.value(run(argv));
                assertTrue(mbits > 100, "loopback carries more than 100 Mbit/s: " + mbits);
            } finally {
                server.destroy();
                server.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void fetchGivesTheDownloadsThroughputAndAFailureItsReason() throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = new byte[1 << 20];
        http.createContext("/file", x -> {
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        http.start();
        try {
            Measurement m = of("{\"name\": \"f\", \"node\": \"n\", \"kind\": \"fetch\", \"url\": \"http://127.0.0.1:"
                    + http.getAddress().getPort() + "/file\"}");
            assertTrue(m.value(run(m.argv())) > 1, "1 MiB over loopback");
            Measurement gone = of("{\"name\": \"f\", \"node\": \"n\", \"kind\": \"fetch\", \"url\": \"http://127.0.0.1:1/file\"}");
            String why = assertThrows(IllegalArgumentException.class, () -> gone.value(run(gone.argv()))).getMessage();
            assertTrue(why.startsWith("curl exited 7"), why);
        } finally {
            http.stop(0);
        }
    }
}
