package org.mobitopolo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Two hosts: this distribution, and a second one started from the same archive in a network
 * namespace of its own, joined by a veth pair. A UML VM on each side pings the other over a VXLAN
 * tunnel between the two switches.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TwoHostsIT extends MobitopoloTestSupport {
    private static final String NS = "mobi-itest-b";
    private static final String HOST_A = "10.99.0.1";
    private static final String HOST_B = "10.99.0.2";
    private static final String B = "http://" + HOST_B + ":8181";
    private Path homeB;

    private static String sh(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void startHostB() throws IOException {
        sh("ip", "netns", "add", NS);
        sh("ip", "link", "add", "mobi-veth-a", "type", "veth", "peer", "name", "mobi-veth-b");
        sh("ip", "link", "set", "mobi-veth-b", "netns", NS);
        sh("ip", "addr", "add", HOST_A + "/24", "dev", "mobi-veth-a");
        sh("ip", "link", "set", "mobi-veth-a", "up");
        sh("ip", "netns", "exec", NS, "ip", "addr", "add", HOST_B + "/24", "dev", "mobi-veth-b");
        sh("ip", "netns", "exec", NS, "ip", "link", "set", "mobi-veth-b", "up");
        sh("ip", "netns", "exec", NS, "ip", "link", "set", "lo", "up");
        homeB = Files.createTempDirectory("mobitopolo-host-b");
        sh("tar", "xzf", System.getProperty("mobitopolo.distribution"), "-C", homeB.toString(), "--strip-components=1");
        sh("ip", "netns", "exec", NS, homeB.resolve("bin/start").toString());
    }

    @After
    public void stopHostB() {
        if (homeB != null) {
            for (JsonNode vm : json(http(B, "GET", "/api/v1/vms", null))) {
                http(B, "DELETE", "/api/v1/vms/" + vm.get("spec").get("name").asText(), null);
            }
            sh("ip", "netns", "exec", NS, homeB.resolve("bin/stop").toString());
            await("host B's Karaf to exit", () -> ProcessHandle.allProcesses().noneMatch(p -> p.info().arguments()
                    .map(a -> String.join(" ", a).contains(homeB.toString())).orElse(false)), Duration.ofSeconds(60));
            sh("rm", "-rf", homeB.toString());
        }
        try {
            sh("ip", "netns", "del", NS);
        } catch (AssertionError absent) {
            // nothing was set up
        }
        for (JsonNode vm : json(get("/api/v1/vms"))) {
            http("DELETE", "/api/v1/vms/" + vm.get("spec").get("name").asText(), null);
        }
    }

    private void vm(String base, String name, String ip) {
        HttpResponse<String> r = http(base, "POST", "/api/v1/vms?start=true", "{\"name\": \"" + name + "\", "
                + "\"hypervisor\": \"uml\", \"memoryMb\": 64, \"params\": {\"ip\": \"" + ip + "\"}, "
                + "\"nics\": [{\"network\": \"wan\", \"mac\": \"02:00:00:09:00:0" + name.charAt(name.length() - 1) + "\"}]}");
        assertEquals(r.body(), 201, r.statusCode());
    }

    @Test
    public void umlVmsOnTwoHostsPingEachOtherOverAVxlanTunnel() throws IOException {
        awaitStatus("/api/v1/vms", 200, Duration.ofSeconds(60));
        awaitRestSettled();
        startHostB();
        await("host B's REST endpoint", () -> {
            try {
                return http(B, "GET", "/api/v1/tunnels/local", null).statusCode() == 200;
            } catch (UncheckedIOException notYet) {
                return false;
            }
        }, Duration.ofSeconds(90));

        for (String base : List.of("http://localhost:" + System.getProperty("mobitopolo.itest.http.port"), B)) {
            assertEquals(201, http(base, "POST", "/api/v1/networks", "{\"name\": \"wan\"}").statusCode());
        }
        assertEquals(201, http("POST", "/api/v1/tunnels", "{\"host\": \"" + HOST_B + "\", \"port\": 4789}").statusCode());
        assertEquals(201, http(B, "POST", "/api/v1/tunnels", "{\"host\": \"" + HOST_A + "\", \"port\": 4789}").statusCode());
        vm("http://localhost:" + System.getProperty("mobitopolo.itest.http.port"), "far-a", "10.9.0.1/24");
        vm(B, "far-b", "10.9.0.2/24");
        await("both VMs running", () -> json(get("/api/v1/vms/far-a")).get("state").asText().equals("RUNNING")
                && json(http(B, "GET", "/api/v1/vms/far-b", null)).get("state").asText().equals("RUNNING"),
                Duration.ofSeconds(60));

        http("POST", "/api/v1/vms/far-a/console", "{\"line\": \"ping -c 3 10.9.0.2\"}");
        await("pings across the tunnel", () -> get("/api/v1/vms/far-a/console?lines=40").body()
                .contains("3 packets transmitted, 3 packets received"), Duration.ofSeconds(30));
        JsonNode tunnel = json(get("/api/v1/tunnels")).get(0);
        assertTrue(tunnel.toString(), tunnel.get("txFrames").asLong() >= 3 && tunnel.get("rxFrames").asLong() >= 3);
        String stats = execute("mobi:net-stats -i 0");
        assertTrue(stats, stats.contains("wan (VNI ") && stats.contains(tunnel.get("id").asText()));

        // A WAN between the hosts: 100 ms into each end's tunnel, and the round trip grows by 200 ms.
        double before = pingAverageMillis("far-a", "10.9.0.2", "lan");
        String delay = "{\"delayMillis\": 100, \"jitterMillis\": 0, \"rateBitsPerSecond\": 0, \"lossPercent\": 0}";
        HttpResponse<String> shaped = http("PUT", "/api/v1/tunnels/" + tunnel.get("id").asText() + "/shape", delay);
        assertEquals(shaped.body(), 100, json(shaped).get("shape").get("delayMillis").asInt());
        String tunnelB = json(http(B, "GET", "/api/v1/tunnels", null)).get(0).get("id").asText();
        assertEquals(200, http(B, "PUT", "/api/v1/tunnels/" + tunnelB + "/shape", delay).statusCode());
        double after = pingAverageMillis("far-a", "10.9.0.2", "wan");
        assertTrue("RTT " + before + " -> " + after + " ms", Math.abs(after - before - 200) <= 20);
        assertEquals(404, http("PUT", "/api/v1/tunnels/tunnel-none/shape", delay).statusCode());
    }
}
