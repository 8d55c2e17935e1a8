package org.mobitopolo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Two hosts: this distribution, and a second one started from the same archive in a network
 * namespace of its own, joined by a veth pair. A UML VM on each side pings the other over a VXLAN
 * tunnel between the two switches; VMs move from A to B with the peer token B issued for A.
 */
@RunWith(MobitopoloExam.class)
@ExamReactorStrategy(PerClass.class)
public class TwoHostsIT extends MobitopoloTestSupport {
    private static final String NS = "mobi-itest-b";
    private static final String HOST_A = "10.99.0.1";
    private static final String HOST_B = "10.99.0.2";
    private static final String B = "http://" + HOST_B + ":8181";
    private Path homeB;
    /** The session on host B of the token host A presents there. */
    private String peerSessionOnB;

    @Inject
    private ConfigurationAdmin configAdmin;

    /** Host A listens on every address: host B fetches snapshots from it, as it would from another machine. */
    @Override
    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return OptionUtils.combine(super.config(),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.listening.addresses", "0.0.0.0"),
                // the .debs ImageBuildIT fetched, so that an image is built from the mirror once per checkout
                editConfigurationFilePut("etc/org.mobitopolo.images.cfg", "buildDir", new java.io.File("target/image-builds").getAbsolutePath()),
                editConfigurationFilePut("etc/org.mobitopolo.hypervisor.uml.cfg", "readyTimeoutSeconds", "90"));
    }

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

    /**
     * Removes host B's namespace and link, whatever a test before left. The link goes first: a
     * namespace is freed only when its last process exits, and the kernel frees it later still, so
     * its end of the pair may outlive {@code ip netns del} for a while.
     */
    private static void removeLink() {
        quietly("ip", "link", "del", "mobi-veth-a");
        try {
            for (String pid : sh("ip", "netns", "pids", NS).split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } catch (AssertionError noNamespace) {
            return;
        }
        quietly("ip", "netns", "del", NS);
    }

    private static void quietly(String... command) {
        try {
            sh(command);
        } catch (AssertionError absent) {
            // nothing of this was set up
        }
    }

    private void startHostB() throws IOException {
        removeLink();
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
        // host A calls host B on its address on the link, not on loopback
        sh("sed", "-i", "s/^org.ops4j.pax.web.listening.addresses *=.*/org.ops4j.pax.web.listening.addresses = " + HOST_B + "/",
                homeB.resolve("etc/org.ops4j.pax.web.cfg").toString());
        sh("ip", "netns", "exec", NS, homeB.resolve("bin/start").toString());
        knownHost(B, homeB.resolve("data"));
    }

    @After
    public void stopHostB() {
        try {
            for (JsonNode t : json(get("/api/v1/topologies"))) {
                String name = t.get("name").asText();
                http("DELETE", "/api/v1/topologies/" + name, null);
                await("topology " + name + " destroyed", () -> get("/api/v1/topologies/" + name).statusCode() == 404
                        || json(get("/api/v1/topologies/" + name)).get("lastRun").get("state").asText().equals("FAILED"),
                        Duration.ofSeconds(120));
            }
            if (homeB != null) {
                for (JsonNode vm : json(http(B, "GET", "/api/v1/vms", null))) {
                    http(B, "DELETE", "/api/v1/vms/" + vm.get("spec").get("name").asText(), null);
                }
                sh("ip", "netns", "exec", NS, homeB.resolve("bin/stop").toString());
                await("host B's Karaf and everything it started to exit", () -> ProcessHandle.allProcesses()
                        .noneMatch(p -> p.info().arguments().map(a -> String.join(" ", a).contains(homeB.toString()))
                                .orElse(false)), Duration.ofSeconds(60));
            }
        } finally {
            // the next test sets host B up anew even when this one left something behind
            if (homeB != null) {
                ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                        .map(a -> String.join(" ", a).contains(homeB.toString())).orElse(false))
                        .forEach(ProcessHandle::destroyForcibly);
                sh("rm", "-rf", homeB.toString());
                homeB = null;
            }
            removeLink();
        }
        for (JsonNode vm : json(get("/api/v1/vms"))) {
            http("DELETE", "/api/v1/vms/" + vm.get("spec").get("name").asText(), null);
        }
        for (JsonNode tunnel : json(get("/api/v1/tunnels"))) {
            http("DELETE", "/api/v1/tunnels/" + tunnel.get("id").asText(), null);
        }
        http("DELETE", "/api/v1/networks/wan", null);
    }

    private void vm(String base, String name, String ip) {
        HttpResponse<String> r = http(base, "POST", "/api/v1/vms?start=true", "{\"name\": \"" + name + "\", "
                + "\"hypervisor\": \"uml\", \"memoryMb\": 64, \"params\": {\"ip\": \"" + ip + "\"}, "
                + "\"nics\": [{\"network\": \"wan\", \"mac\": \"02:00:00:09:00:0" + name.charAt(name.length() - 1) + "\"}]}");
        assertEquals(r.body(), 201, r.statusCode());
    }

    private static String hostA() {
        return "http://localhost:" + System.getProperty("mobitopolo.itest.http.port");
    }

    /** Starts host B and has it trust host A: a peer token issued on B, kept on A. */
    private void trustHostB() throws IOException {
        awaitStatus("/api/v1/vms", 200, Duration.ofSeconds(60));
        awaitRestSettled();
        startHostB();
        awaitHostB();
        HttpResponse<String> issued = http(B, "POST", "/api/v1/peers/tokens", "{\"name\": \"host-a\"}");
        assertEquals(issued.body(), 201, issued.statusCode());
        peerSessionOnB = json(issued).get("session").get("id").asText();
        HttpResponse<String> kept = http("POST", "/api/v1/peers", "{\"url\": \"" + B + "\", \"token\": \""
                + json(issued).get("token").asText() + "\"}");
        assertEquals(kept.body(), 201, kept.statusCode());
        assertEquals("host-a (peer)", json(kept).get("identity").asText());
    }

    /** Has host A trust host B too, so that B fetches from A: a token A issues for B, kept on B. */
    private void trustHostA() {
        HttpResponse<String> issued = http("POST", "/api/v1/peers/tokens", "{\"name\": \"host-b\"}");
        assertEquals(issued.body(), 201, issued.statusCode());
        String a = "http://" + HOST_A + ":" + System.getProperty("mobitopolo.itest.http.port");
        HttpResponse<String> kept = http(B, "POST", "/api/v1/peers", "{\"url\": \"" + a + "\", \"token\": \""
                + json(issued).get("token").asText() + "\"}");
        assertEquals(kept.body(), 201, kept.statusCode());
    }

    private void awaitHostB() {
        await("host B's REST endpoint and plugins", () -> {
            try {
                return http(B, "GET", "/api/v1/tunnels/local", null).statusCode() == 200
                        && http(B, "GET", "/api/v1/plugins", null).body().contains("\"qemu\"");
            } catch (UncheckedIOException notYet) {
                return false;
            }
        }, Duration.ofSeconds(90));
    }

    /** {@link #trustHostB}, then joins the two hosts with network {@code wan} over a VXLAN tunnel each way. */
    private void joinHosts() throws IOException {
        trustHostB();
        for (String base : List.of(hostA(), B)) {
            assertEquals(201, http(base, "POST", "/api/v1/networks", "{\"name\": \"wan\"}").statusCode());
        }
        assertEquals(201, http("POST", "/api/v1/tunnels", "{\"host\": \"" + HOST_B + "\", \"port\": 4789}").statusCode());
        assertEquals(201, http(B, "POST", "/api/v1/tunnels", "{\"host\": \"" + HOST_A + "\", \"port\": 4789}").statusCode());
    }

    @Test
    public void umlVmsOnTwoHostsPingEachOtherOverAVxlanTunnel() throws IOException {
        joinHosts();
        vm(hostA(), "far-a", "10.9.0.1/24");
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

    private String console(String base, String vm) {
        return http(base, "GET", "/api/v1/vms/" + vm + "/console?lines=300", null).body();
    }

    /** The highest "heartbeat N" a VM printed on its console on a host, 0 for none. */
    private long lastHeartbeat(String base, String vm) {
        long last = 0;
        for (JsonNode l : json(http(base, "GET", "/api/v1/vms/" + vm + "/console?lines=300", null))) {
            if (l.asText().startsWith("heartbeat ")) {
                last = Math.max(last, Long.parseLong(l.asText().substring(10).trim()));
            }
        }
        return last;
    }

    private void qemuVm(String name, String ip) {
        HttpResponse<String> r = http("POST", "/api/v1/vms?start=true", "{\"name\": \"" + name + "\", "
                + "\"hypervisor\": \"qemu\", \"memoryMb\": 128, \"params\": {\"ip\": \"" + ip + "\", \"heartbeat\": \"1\", "
                + "\"shell\": \"2323\"}, "
                + "\"nics\": [{\"network\": \"wan\", \"mac\": \"52:54:00:09:00:05\"}]}");
        assertEquals(r.body(), 201, r.statusCode());
        await(name + " running", () -> json(get("/api/v1/vms/" + name)).get("state").asText().equals("RUNNING"),
                Duration.ofSeconds(90));
    }

    /** Waits for a migration to end; returns its final state. */
    private JsonNode awaitMigration(String id, Duration timeout) {
        JsonNode[] m = new JsonNode[1];
        await("migration " + id + " to end", () -> {
            m[0] = json(get("/api/v1/migrations/" + id));
            return !m[0].get("report").isNull() || !m[0].get("error").asText().isEmpty();
        }, timeout);
        return m[0];
    }

    @Test
    public void aQemuVmMovesLiveToTheOtherHostWithItsDiskMemoryAndAddress() throws IOException {
        joinHosts();
        qemuVm("mover", "10.9.0.5/24");
        vm(hostA(), "peer-6", "10.9.0.6/24");
        await("peer-6 running", () -> json(get("/api/v1/vms/peer-6")).get("state").asText().equals("RUNNING"),
                Duration.ofSeconds(60));
        http("POST", "/api/v1/vms/mover/console", "{\"line\": \"echo moved-$((6 * 7)) > /data/proof; echo wrote-$((1 + 1))\"}");
        await("the write", () -> console(hostA(), "mover").contains("wrote-2"), Duration.ofSeconds(30));
        http("POST", "/api/v1/vms/peer-6/console", "{\"line\": \"ping -c 2 10.9.0.5\"}");
        await("peer reaches mover before", () -> console(hostA(), "peer-6").contains("2 packets transmitted, 2 packets received"),
                Duration.ofSeconds(30));
        long beatBefore = lastHeartbeat(hostA(), "mover");
        // A TCP connection to the mover's shell, open across the move: one command before, one after.
        http("POST", "/api/v1/vms/peer-6/console", "{\"line\": \"(echo 'echo tcp-before-$((1 + 1))'; sleep 25; "
                + "echo 'echo tcp-after-$((2 + 2))') | nc 10.9.0.5 2323 &\"}");
        await("the connection is up", () -> console(hostA(), "peer-6").contains("tcp-before-2"), Duration.ofSeconds(20));
        // The guest's view of the downtime: the peer pings every 10 ms across the move; the longest run of
        // missing replies is how long the VM was gone for it.
        http("POST", "/api/v1/vms/peer-6/console", "{\"line\": \"ping -i 0.01 -c 1500 10.9.0.5 | awk -F seq= '/seq=/ "
                + "{ split($2, a, \\\" \\\"); if (a[1] - p - 1 > g) g = a[1] - p - 1; p = a[1] } END { print \\\"maxgap-\\\" g * 10 }'\"}");

        HttpResponse<String> started = http("POST", "/api/v1/migrations",
                "{\"vm\": \"mover\", \"target\": \"" + B + "\", \"policy\": {\"downtimeBudgetMillis\": 300}}");
        assertEquals(started.body(), 202, started.statusCode());
        String id = json(started).get("request").get("id").asText();
        JsonNode done = awaitMigration(id, Duration.ofSeconds(180));
        assertTrue(done.toString(), done.get("error").asText().isEmpty());
        JsonNode report = done.get("report");
        assertTrue(report.toString(), report.get("live").asBoolean() && report.get("downtimeMillis").asLong() < 1000
                && report.get("rounds").asInt() >= 1 && report.get("bytes").asLong() > 64L << 20);
        assertTrue(report.toString(), report.get("rebinding").get(0).asText().matches("arp: announced \\S+ \\[10\\.9\\.0\\.5\\] .*"));

        assertEquals("the VM left host A", 404, get("/api/v1/vms/mover").statusCode());
        String[] gap = new String[1];
        await("the peer's ping series to end", () -> {
            for (JsonNode l : json(get("/api/v1/vms/peer-6/console?lines=20"))) {
                if (l.asText().startsWith("maxgap-")) {
                    gap[0] = l.asText().substring("maxgap-".length()).trim();
                    return true;
                }
            }
            return false;
        }, Duration.ofSeconds(40));
        System.out.println("Guest-view downtime " + gap[0] + " ms; QEMU's " + report.get("downtimeMillis") + " ms");
        assertTrue("the peer lost the VM for " + gap[0] + " ms", Double.parseDouble(gap[0]) < 1000);
        JsonNode there = json(http(B, "GET", "/api/v1/vms/mover", null));
        assertEquals(there.toString(), "RUNNING", there.get("state").asText());
        await("its heartbeat counts on on host B, no reboot",
                () -> lastHeartbeat(B, "mover") > beatBefore, Duration.ofSeconds(20));
        assertTrue("no boot on host B", !console(B, "mover").contains("MOBITOPOLO-READY"));
        http(B, "POST", "/api/v1/vms/mover/console", "{\"line\": \"cat /data/proof\"}");
        await("its disk came along", () -> console(B, "mover").contains("moved-42"), Duration.ofSeconds(30));
        await("the TCP connection opened before the move carries a command after it",
                () -> console(hostA(), "peer-6").contains("tcp-after-4"), Duration.ofSeconds(40));
        http("POST", "/api/v1/vms/peer-6/console", "{\"line\": \"ping -c 3 10.9.0.5 | sed s/transmitted/after-move/\"}");
        await("the peer on host A reaches it at the same address over the tunnel",
                () -> console(hostA(), "peer-6").contains("3 packets after-move, 3 packets received"), Duration.ofSeconds(30));
    }

    @Test
    public void killingTheDestinationMidMoveLeavesTheSourceRunning() throws IOException {
        joinHosts();
        qemuVm("mover", "10.9.0.5/24");
        // 2 MB/s: the guest's memory alone takes half a minute, time enough to pull the plug on the target.
        HttpResponse<String> started = http("POST", "/api/v1/migrations", "{\"vm\": \"mover\", \"target\": \"" + B
                + "\", \"policy\": {\"bandwidthBytesPerSecond\": 2000000}}");
        assertEquals(started.body(), 202, started.statusCode());
        String id = json(started).get("request").get("id").asText();
        // where it stands, at once: before the move's own thread has said a word
        assertEquals(started.body(), id, json(started).get("progress").get("migrationId").asText());
        long[] pid = new long[1];
        await("the target's incoming VM", () -> {
            HttpResponse<String> r = http(B, "GET", "/api/v1/vms/mover", null);
            pid[0] = r.statusCode() == 200 ? json(r).get("pid").asLong() : 0;
            return pid[0] > 0;
        }, Duration.ofSeconds(60));
        await("the copy under way", () -> json(get("/api/v1/migrations/" + id)).get("progress").get("bytesSent").asLong() > 0,
                Duration.ofSeconds(30));
        ProcessHandle.of(pid[0]).orElseThrow().destroyForcibly();

        JsonNode failed = awaitMigration(id, Duration.ofSeconds(90));
        assertTrue(failed.toString(), !failed.get("error").asText().isEmpty() && failed.get("report").isNull());
        assertEquals("FAILED", failed.get("progress").get("phase").asText());
        assertEquals("RUNNING", json(get("/api/v1/vms/mover")).get("state").asText());
        long beat = lastHeartbeat(hostA(), "mover");
        await("the source's guest runs on", () -> lastHeartbeat(hostA(), "mover") > beat, Duration.ofSeconds(10));
        await("the target forgot its copy", () -> http(B, "GET", "/api/v1/vms/mover", null).statusCode() == 404,
                Duration.ofSeconds(30));
    }

    @Test
    public void aUmlVmMovesWithItsDiskAndIsRestartedOnTheOtherHost() throws IOException {
        joinHosts();
        vm(hostA(), "umove-7", "10.9.0.7/24");
        await("umove-7 running", () -> json(get("/api/v1/vms/umove-7")).get("state").asText().equals("RUNNING"),
                Duration.ofSeconds(60));
        http("POST", "/api/v1/vms/umove-7/console", "{\"line\": \"echo kept-$((5 * 5)) > /root/proof; echo wrote-$((2 + 1))\"}");
        await("the write", () -> console(hostA(), "umove-7").contains("wrote-3"), Duration.ofSeconds(30));

        String out = execute("mobi:migrate umove-7 " + B);
        assertTrue(out, out.contains("umove-7: moved to " + B));
        assertTrue("announced from its new port on B: " + out, out.contains("umove-7: arp: announced ")
                && out.contains(" [10.9.0.7] on "));
        JsonNode report = null;
        for (JsonNode m : json(get("/api/v1/migrations"))) {
            if (m.get("request").get("vm").asText().equals("umove-7")) {
                report = m.get("report");
            }
        }
        assertTrue(report.toString(), !report.get("live").asBoolean() && report.get("rounds").asInt() >= 2);
        System.out.println("UML move: " + report);

        assertEquals("the VM left host A", 404, get("/api/v1/vms/umove-7").statusCode());
        assertEquals("RUNNING", json(http(B, "GET", "/api/v1/vms/umove-7", null)).get("state").asText());
        assertTrue("it booted on B: a restart, not a live move", console(B, "umove-7").contains("MOBITOPOLO-READY"));
        http(B, "POST", "/api/v1/vms/umove-7/console", "{\"line\": \"cat /root/proof\"}");
        await("its disk came along", () -> console(B, "umove-7").contains("kept-25"), Duration.ofSeconds(30));
    }

    /** The A record of a name on host A's DNS port, as dig prints it. */
    private String digOnA(String name) {
        int port = json(get("/api/v1/dns")).get("hostPort").get("port").asInt();
        return sh("dig", "@127.0.0.1", "-p", String.valueOf(port), "+short", "+tries=1", name).trim();
    }

    @Test
    public void aVmMovedOntoAnotherSubnetTakesANewAddressAndItsNameFollowsByDynamicDns() throws IOException {
        // host A's DNS port on every address, so that host B reaches it on the link
        dnsAddressOnA("0.0.0.0");
        try {
            trustHostB();
            await("host A's DNS port on every address", () -> {
                HttpResponse<String> dns = get("/api/v1/dns");
                return dns.statusCode() == 200 && json(dns).path("hostPort").path("host").asText().equals("0.0.0.0");
            }, Duration.ofSeconds(30));
            assertEquals(201, http("POST", "/api/v1/networks", "{\"name\": \"site-a\", \"subnet\": \"10.1.0.0/24\", \"dhcp\": true, "
                    + "\"dns\": \"site-a.mobi\"}").statusCode());
            await("host B's network services", () -> http(B, "GET", "/api/v1/dns", null).statusCode() == 200, Duration.ofSeconds(60));
            HttpResponse<String> siteB = http(B, "POST", "/api/v1/networks", "{\"name\": \"site-b\", \"subnet\": \"10.2.0.0/24\", "
                    + "\"dhcp\": true, \"dns\": \"site-b.mobi\"}");
            assertEquals(siteB.body(), 201, siteB.statusCode());
            // host B updates site-a's zone on host A: with its key, and once with a wrong one (reported, harmless)
            JsonNode key = json(get("/api/v1/dns/zones/site-a.mobi/key"));
            int portA = json(get("/api/v1/dns")).get("hostPort").get("port").asInt();
            String server = HOST_A + ":" + portA + " site-a.mobi " + key.get("name").asText() + " hmac-sha256 ";
            Files.writeString(homeB.resolve("etc/org.mobitopolo.rebind.dns.config"), "servers=[ \"" + server
                    + key.get("secret").asText() + "\", \"" + server + java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\" ]\n");
            pause(Duration.ofSeconds(3)); // Karaf's file watcher reads etc/ every second

            for (String vm : List.of("parked", "mover")) {
                HttpResponse<String> created = http("POST", "/api/v1/vms?start=true", "{\"name\": \"" + vm + "\", \"hypervisor\": \"uml\", "
                        + "\"memoryMb\": 64, \"params\": {\"ip\": \"dhcp\"}, \"nics\": [{\"network\": \"site-a\", \"mac\": \"02:00:00:0c:00:0"
                        + (vm.equals("mover") ? 1 : 2) + "\"}]}");
                assertEquals(created.body(), 201, created.statusCode());
            }
            for (String vm : List.of("parked", "mover")) {
                await(vm + " running", () -> json(get("/api/v1/vms/" + vm)).get("state").asText().equals("RUNNING"), Duration.ofSeconds(60));
            }
            String before = digOnA("mover.site-a.mobi");
            assertTrue(before, before.startsWith("10.1.0."));

            // the strategies swapped out on B: a move that asks for them says so, and completes
            for (String feature : List.of("mobitopolo-rebind-dns", "mobitopolo-rebind-forward")) {
                assertEquals(200, http(B, "PUT", "/api/v1/features/" + feature, "{\"installed\": false}").statusCode());
            }
            String swapped = execute("mobi:migrate --rebind arp,dns,forward -n site-a=site-b parked " + B);
            assertTrue(swapped, swapped.contains("parked: moved to " + B) && swapped.contains("rebinding strategy 'dns' not installed")
                    && swapped.contains("rebinding strategy 'forward' not installed"));
            assertEquals("RUNNING", json(http(B, "GET", "/api/v1/vms/parked", null)).get("state").asText());
            for (String feature : List.of("mobitopolo-rebind-dns", "mobitopolo-rebind-forward")) {
                assertEquals(200, http(B, "PUT", "/api/v1/features/" + feature, "{\"installed\": true}").statusCode());
            }
            await("the strategies back on B", () -> http(B, "GET", "/api/v1/plugins", null).body().contains("\"dns\"")
                    && http(B, "GET", "/api/v1/plugins", null).body().contains("\"forward\""), Duration.ofSeconds(30));

            String out = execute("mobi:migrate --rebind arp,dns,forward -n site-a=site-b mover " + B);
            assertTrue("a VM moved by restart has no connection to keep: " + out, out.contains("mover: forward: nothing forwarded "
                    + "to mover (the source opened no forward: it moved by restart"));
            assertTrue(out, out.contains("mover: moved to " + B));
            String after = null;
            for (JsonNode l : json(http(B, "GET", "/api/v1/networks/site-b/leases", null))) {
                if (l.get("mac").asText().equals("02:00:00:0c:00:01")) {
                    after = l.get("address").asText();
                }
            }
            assertTrue(String.valueOf(after), after != null && after.startsWith("10.2.0."));
            assertTrue(out, out.contains("mover: dns: mover " + before + " -> " + after + " on site-b"));
            assertTrue(out, out.contains("updated site-a.mobi at " + HOST_A + ":" + portA + ": NOERROR"));
            assertTrue(out, out.contains("FAILED site-a.mobi at " + HOST_A + ":" + portA + ": NOTAUTH"));
            assertTrue(out, out.contains("updated site-b.mobi at "));
            assertEquals("the name on the network it left now leads to its new address", after, digOnA("mover.site-a.mobi"));
            assertEquals("RUNNING", json(http(B, "GET", "/api/v1/vms/mover", null)).get("state").asText());
            assertTrue(http(B, "GET", "/api/v1/dns/zones/site-b.mobi/records", null).body().contains("\"address\":\"" + after + "\""));
        } finally {
            http("DELETE", "/api/v1/vms/mover", null);
            http("DELETE", "/api/v1/vms/parked", null);
            http("DELETE", "/api/v1/networks/site-a", null);
            dnsAddressOnA("127.0.0.1");
        }
    }

    /** The address a NIC leased on a network of a host; null when it holds none. */
    private String lease(String base, String network, String mac) {
        for (JsonNode l : json(http(base, "GET", "/api/v1/networks/" + network + "/leases", null))) {
            if (l.get("mac").asText().equalsIgnoreCase(mac) && l.get("active").asBoolean()) {
                return l.get("address").asText();
            }
        }
        return null;
    }

    /** The last console line of a VM on host A that starts with {@code prefix}, without it; null when none does yet. */
    private String consoleLine(String vm, String prefix) {
        String last = null;
        for (JsonNode l : json(get("/api/v1/vms/" + vm + "/console?lines=50"))) {
            if (l.asText().startsWith(prefix)) {
                last = l.asText().substring(prefix.length()).trim();
            }
        }
        return last;
    }

    @Test
    public void aServerMovedLiveOntoAnotherSubnetKeepsItsOpenConnectionByForwardingAndIsFoundThereByName() throws IOException {
        dnsAddressOnA("0.0.0.0");
        configure("org.mobitopolo.rebind.forward", "graceSeconds", 25);
        try {
            trustHostB();
            await("host A's DNS port on every address", () -> {
                HttpResponse<String> dns = get("/api/v1/dns");
                return dns.statusCode() == 200 && json(dns).path("hostPort").path("host").asText().equals("0.0.0.0");
            }, Duration.ofSeconds(30));
            // site-a on A and site-b on B, each with DHCP and DNS; a router VM on A with a NIC on each (site-b
            // reaches A over the tunnel)
            assertEquals(201, http("POST", "/api/v1/networks", "{\"name\": \"site-a\", \"subnet\": \"10.1.0.0/24\", \"dhcp\": true, "
                    + "\"dns\": \"site-a.mobi\", \"router\": \"10.1.0.254\"}").statusCode());
            assertEquals(201, http("POST", "/api/v1/networks", "{\"name\": \"site-b\"}").statusCode());
            await("host B's network services", () -> http(B, "GET", "/api/v1/dns", null).statusCode() == 200, Duration.ofSeconds(60));
            HttpResponse<String> siteB = http(B, "POST", "/api/v1/networks", "{\"name\": \"site-b\", \"subnet\": \"10.2.0.0/24\", "
                    + "\"dhcp\": true, \"dns\": \"site-b.mobi\", \"router\": \"10.2.0.254\"}");
            assertEquals(siteB.body(), 201, siteB.statusCode());
            assertEquals(201, http("POST", "/api/v1/tunnels", "{\"host\": \"" + HOST_B + "\", \"port\": 4789}").statusCode());
            assertEquals(201, http(B, "POST", "/api/v1/tunnels", "{\"host\": \"" + HOST_A + "\", \"port\": 4789}").statusCode());
            JsonNode key = json(get("/api/v1/dns/zones/site-a.mobi/key"));
            int portA = json(get("/api/v1/dns")).get("hostPort").get("port").asInt();
            Files.writeString(homeB.resolve("etc/org.mobitopolo.rebind.dns.config"), "servers=[ \"" + HOST_A + ":" + portA
                    + " site-a.mobi " + key.get("name").asText() + " hmac-sha256 " + key.get("secret").asText() + "\" ]\n");

            assertEquals(201, http("POST", "/api/v1/vms?start=true", "{\"name\": \"router\", \"hypervisor\": \"uml\", \"memoryMb\": 64, "
                    + "\"params\": {\"ip\": \"10.1.0.254/24\", \"ip1\": \"10.2.0.254/24\", \"forward\": \"1\"}, \"nics\": ["
                    + "{\"network\": \"site-a\", \"mac\": \"02:00:00:0d:00:fe\"}, {\"network\": \"site-b\", \"mac\": \"02:00:00:0d:00:fd\"}]}")
                    .statusCode());
            assertEquals(201, http("POST", "/api/v1/vms?start=true", "{\"name\": \"client\", \"hypervisor\": \"uml\", \"memoryMb\": 64, "
                    + "\"params\": {\"ip\": \"dhcp\"}, \"nics\": [{\"network\": \"site-a\", \"mac\": \"02:00:00:0d:00:09\"}]}").statusCode());
            String mac = "52:54:00:0d:00:05";
            assertEquals(201, http("POST", "/api/v1/vms?start=true", "{\"name\": \"server\", \"hypervisor\": \"qemu\", \"memoryMb\": 128, "
                    + "\"params\": {\"ip\": \"dhcp\", \"shell\": \"2323\"}, \"nics\": [{\"network\": \"site-a\", \"mac\": \"" + mac
                    + "\"}]}").statusCode());
            for (String vm : List.of("router", "client", "server")) {
                await(vm + " ready", () -> console(hostA(), vm).contains("MOBITOPOLO-READY"), Duration.ofSeconds(120));
            }
            await("the server's lease on site-a", () -> lease(hostA(), "site-a", mac) != null, Duration.ofSeconds(30));
            String before = lease(hostA(), "site-a", mac);
            assertEquals(before, digOnA("server.site-a.mobi"));

            // A connection open across the move: a command every 100 ms, each answer stamped on arrival.
            http("POST", "/api/v1/vms/client/console", "{\"line\": \"(i=0; while [ $i -lt 900 ]; do i=$((i + 1)); "
                    + "echo echo tick-$i; sleep 0.1; done) | nc server 2323 | while read l; do echo $(cut -d' ' -f1 /proc/uptime) $l; "
                    + "done > /tmp/ticks &\"}");
            long ticking = System.nanoTime();
            await("ticks across the connection", () -> {
                http("POST", "/api/v1/vms/client/console", "{\"line\": \"echo ticks-$(wc -l < /tmp/ticks)\"}");
                pause(Duration.ofMillis(300));
                String n = consoleLine("client", "ticks-"); // the typed line itself may come back first
                return n != null && n.matches("\\d+") && Integer.parseInt(n) > 5;
            }, Duration.ofSeconds(30));

            HttpResponse<String> started = http("POST", "/api/v1/migrations", "{\"vm\": \"server\", \"target\": \"" + B
                    + "\", \"rebind\": \"dns,forward\", \"networks\": {\"site-a\": \"site-b\"}}");
            assertEquals(started.body(), 202, started.statusCode());
            JsonNode done = awaitMigration(json(started).get("request").get("id").asText(), Duration.ofSeconds(240));
            long moved = System.nanoTime();
            assertTrue(done.toString(), done.get("error").asText().isEmpty() && done.get("report").get("live").asBoolean());
            String rebinding = done.get("report").get("rebinding").toString();
            System.out.println("Forwarded move: " + done.get("report"));
            String after = lease(B, "site-b", mac);
            assertTrue(String.valueOf(after), after != null && after.startsWith("10.2.0."));
            assertTrue(rebinding, rebinding.matches(".*forward fwd-[0-9a-f]+: " + before.replace(".", "\\.")
                    + " on site-a here -> server on site-b at .*"));
            assertTrue(rebinding, rebinding.contains("dns: server " + before + " -> " + after + " on site-b; updated site-a.mobi"));
            assertTrue(rebinding, rebinding.contains(" still reaches server here on site-b from the source host"));
            assertEquals("the name leads to the new address once the move is done", after, digOnA("server.site-a.mobi"));

            JsonNode source = json(get("/api/v1/forwards")).get(0);
            assertEquals(source.toString(), "source", source.get("role").asText());
            assertEquals("10.1.0.0/24", source.get("subnet").asText());
            assertEquals("target", json(http(B, "GET", "/api/v1/forwards", null)).get(0).get("role").asText());
            // a new connection by name reaches the server at its new address, through the router
            http("POST", "/api/v1/vms/client/console", "{\"line\": \"echo 'echo new-$((3 * 3))' | nc -w 3 server 2323\"}");
            await("a new connection by name", () -> console(hostA(), "client").contains("new-9"), Duration.ofSeconds(20));

            await("the forward to close at the end of its grace", () -> json(get("/api/v1/forwards")).isEmpty()
                    && json(http(B, "GET", "/api/v1/forwards", null)).isEmpty(), Duration.ofSeconds(60));
            long closed = System.nanoTime();
            await("the server to drop its old address", () -> console(B, "server").contains("mobi-forgot"), Duration.ofSeconds(20));
            http("POST", "/api/v1/vms/client/console", "{\"line\": \"echo 'echo later-$((4 * 4))' | nc -w 3 server 2323\"}");
            await("a new connection by name after the forward, routed both ways", () -> console(hostA(), "client").contains("later-16"),
                    Duration.ofSeconds(20));

            http("POST", "/api/v1/vms/client/console", "{\"line\": \"awk 'NR > 1 && $1 - p > g { g = $1 - p } NR == 1 { f = $1 } "
                    + "{ p = $1 } END { printf \\\"tickstats %d %d\\\\n\\\", g * 1000, (p - f) * 1000 }' /tmp/ticks\"}");
            await("the ticks' figures", () -> consoleLine("client", "tickstats ") != null, Duration.ofSeconds(20));
            String[] stats = consoleLine("client", "tickstats ").split(" ");
            long gap = Long.parseLong(stats[0]);
            long span = Long.parseLong(stats[1]);
            long untilMoved = (moved - ticking) / 1_000_000;
            System.out.println("Old connection: longest gap " + gap + " ms; answers for " + span + " ms, the move done after "
                    + untilMoved + " ms, the forward closed after " + (closed - ticking) / 1_000_000 + " ms");
            assertTrue("the old connection answered on after the move: " + span + " ms of answers, moved at " + untilMoved,
                    span > untilMoved + 10_000);
            assertTrue("the old connection stalled for " + gap + " ms", gap < 2000);
        } finally {
            for (String vm : List.of("server", "client", "router")) {
                http("DELETE", "/api/v1/vms/" + vm, null);
            }
            http("DELETE", "/api/v1/networks/site-a", null);
            http("DELETE", "/api/v1/networks/site-b", null);
            dnsAddressOnA("127.0.0.1");
            configure("org.mobitopolo.rebind.forward", "graceSeconds", 60);
        }
    }

    private void dnsAddressOnA(String address) throws IOException {
        configure("org.mobitopolo.netservices", "dnsAddress", address);
    }

    /** Sets one property of a configuration on host A. */
    private void configure(String pid, String key, Object value) throws IOException {
        Configuration c = configAdmin.getConfiguration(pid, null);
        Dictionary<String, Object> p = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
        p.put(key, value);
        c.update(p);
    }

    @Test
    public void aMoveToAHostThatRefusesThisHostsCredentialFailsBeforeAnythingMoves() throws IOException {
        joinHosts();
        HttpResponse<String> forged = http("POST", "/api/v1/peers", "{\"url\": \"" + B + "\", \"token\": \""
                + "x".repeat(43) + "\"}");
        assertEquals(forged.body(), 400, forged.statusCode());
        assertTrue(forged.body(), json(forged).get("detail").asText().contains("refused the token (401)"));
        vm(hostA(), "stay-8", "10.9.0.8/24");
        await("stay-8 running", () -> json(get("/api/v1/vms/stay-8")).get("state").asText().equals("RUNNING"),
                Duration.ofSeconds(60));

        // B revokes A's token: the move is refused at its first call, before any state is sent
        assertEquals(204, http(B, "DELETE", "/api/v1/sessions/" + peerSessionOnB, null).statusCode());
        assertRefusedBeforeAnythingMoved("stay-8", "no longer accepts this host's credential");
        assertFetchRefusedByB("no longer accepts this host's credential");
        // A forgets B's token: likewise, and the error says what to do
        String out = execute("mobi:peer-remove " + B);
        assertTrue(out, out.contains("credential forgotten"));
        assertRefusedBeforeAnythingMoved("stay-8", "this host holds no credential for it: issue a peer token on the target");
        assertFetchRefusedByB("this host holds no credential for it: issue a peer token on the source");
    }

    /** A fetch from B that B refuses: 502, B's refusal and what to do in the detail, not this host's 401 or a 500. */
    private void assertFetchRefusedByB(String because) {
        HttpResponse<String> refused = http("POST", "/api/v1/images/any.ext4/fetch?wait=true", "{\"from\": \"" + B + "\"}");
        assertEquals(refused.body(), 502, refused.statusCode());
        assertTrue(refused.body(), json(refused).get("detail").asText().contains(because));
    }

    private void assertRefusedBeforeAnythingMoved(String vm, String because) {
        HttpResponse<String> started = http("POST", "/api/v1/migrations", "{\"vm\": \"" + vm + "\", \"target\": \"" + B + "\"}");
        assertEquals(started.body(), 202, started.statusCode());
        JsonNode failed = awaitMigration(json(started).get("request").get("id").asText(), Duration.ofSeconds(30));
        assertTrue(failed.toString(), failed.get("error").asText().contains(because) && failed.get("report").isNull());
        assertEquals("FAILED", failed.get("progress").get("phase").asText());
        assertEquals(0, failed.get("progress").get("bytesSent").asLong());
        assertEquals("RUNNING", json(get("/api/v1/vms/" + vm)).get("state").asText());
        assertEquals(404, http(B, "GET", "/api/v1/vms/" + vm, null).statusCode());
    }

    private static final String WIDE = """
            name: wide
            hosts:
              a: local
              b: %s
            networks:
              wan: {subnet: 10.9.0.0/24}
            host-links:
              - hosts: [a, b]
                impairment: {delayMillis: 30}
            nodes:
              wa: {host: a, nics: [{network: wan, address: 10.9.0.1/24}]}
              wb: {host: b, nics: [{network: wan, address: 10.9.0.2/24}]}
            """.formatted(B);

    private JsonNode deploy(String yaml) {
        HttpResponse<String> started = http("POST", "/api/v1/topologies", yaml);
        assertTrue(started.body(), started.statusCode() == 202 || started.statusCode() == 200);
        return awaitTopologyRun(json(started), Duration.ofSeconds(300));
    }

    private static long count(JsonNode run, String kind) {
        long n = 0;
        for (JsonNode s : run.get("steps")) {
            n += s.get("kind").asText().equals(kind) && s.get("state").asText().equals("DONE") ? 1 : 0;
        }
        return n;
    }

    @Test
    public void aTopologyOverTwoHostsGetsItsTunnelsFromTheControllerAndSurvivesAHostGoingAway() throws IOException {
        trustHostB();
        JsonNode run = deploy(WIDE);
        assertEquals(run.toString(), "COMPLETED", run.get("state").asText());
        assertEquals("a tunnel each way", 2, count(run, "OPEN_TUNNEL"));
        assertEquals("the host link shapes both", 2, count(run, "SHAPE_TUNNEL"));
        assertEquals(1, json(get("/api/v1/tunnels")).size());
        assertEquals(1, json(http(B, "GET", "/api/v1/tunnels", null)).size());
        assertEquals("RUNNING", json(http(B, "GET", "/api/v1/vms/wb", null)).get("state").asText());
        // 30 ms into each host's tunnel: at least 60 ms a round trip
        double rtt = pingAverageMillis("wa", "10.9.0.2", "wide");
        assertTrue(rtt + " ms", rtt >= 60 && rtt < 300);

        // Host B goes away while a deploy runs: wb2 waits for a QEMU VM on A, and B is gone by then.
        String grown = WIDE + """
                  wq: {host: a, hypervisor: qemu, memoryMb: 128, nics: [{network: wan, address: 10.9.0.3/24}]}
                  wb2: {host: b, nics: [{network: wan, address: 10.9.0.4/24}], depends-on: wq}
                """;
        HttpResponse<String> started = http("POST", "/api/v1/topologies", grown);
        assertEquals(started.body(), 202, started.statusCode());
        sh("ip", "netns", "exec", NS, homeB.resolve("bin/stop").toString());
        JsonNode failed = awaitTopologyRun(json(started), Duration.ofSeconds(300));
        assertEquals(failed.toString(), "FAILED", failed.get("state").asText());
        assertTrue(failed.get("error").asText(), failed.get("error").asText().contains("create and start VM wb2 (uml, 64 MiB) on b"));
        assertEquals("what A got stays", "RUNNING", json(get("/api/v1/vms/wq")).get("state").asText());

        // B back (its VMs stopped with it; its networks and tunnels it keeps): the same file completes
        await("host B's Karaf gone", () -> ProcessHandle.allProcesses().noneMatch(p -> p.info().arguments()
                .map(a -> String.join(" ", a).contains(homeB.toString())).orElse(false)), Duration.ofSeconds(60));
        sh("ip", "netns", "exec", NS, homeB.resolve("bin/start").toString());
        awaitHostB();
        JsonNode resumed = deploy(grown);
        assertEquals(resumed.toString(), "COMPLETED", resumed.get("state").asText());
        // wb was stopped with B: started again; wb2 made; nothing done on A
        assertEquals(resumed.toString(), 1, count(resumed, "START_VM"));
        assertEquals(resumed.toString(), 1, count(resumed, "CREATE_VM"));
        resumed.get("steps").forEach(step -> assertEquals(step.toString(), "b", step.get("host").asText()));
        assertEquals("RUNNING", json(http(B, "GET", "/api/v1/vms/wb2", null)).get("state").asText());

        // a move by hand is followed: the journal puts wa on b, and the file (which says a) moves it back
        String moved = execute("mobi:migrate wa " + B);
        assertTrue(moved, moved.contains("wa: moved to " + B));
        // the engine's COMPLETED event reaches the controller asynchronously
        await("the controller to follow the move", () -> json(get("/api/v1/topologies/wide")).get("placement").get("wa")
                .asText().equals("b"), Duration.ofSeconds(10));
        JsonNode status = json(get("/api/v1/topologies/wide"));
        assertTrue(status.toString(), status.get("deployment").get("hosts").get("b").get("vms").has("wa"));
        assertFalse(status.toString(), status.get("deployment").get("hosts").get("a").get("vms").has("wa"));
        JsonNode plan = json(http("POST", "/api/v1/topologies?dryRun=true", grown));
        assertEquals(plan.toString(), "1 step in 1 wave on 1 host: 1 migrate-vm", plan.get("summary").asText());
        JsonNode step = plan.get("steps").get(0);
        assertEquals(step.toString(), "MIGRATE_VM b wa a", step.get("kind").asText() + " " + step.get("host").asText() + " "
                + step.get("target").asText() + " " + step.get("peer").asText());

        // destroy leaves nothing on either host
        HttpResponse<String> destroying = http("DELETE", "/api/v1/topologies/wide", null);
        assertEquals(destroying.body(), 202, destroying.statusCode());
        JsonNode destroyed = awaitTopologyRun(json(destroying), Duration.ofSeconds(300));
        assertEquals(destroyed.toString(), "COMPLETED", destroyed.get("state").asText());
        assertEquals(404, get("/api/v1/topologies/wide").statusCode());
        for (String base : List.of(hostA(), B)) {
            assertEquals(base, 0, json(http(base, "GET", "/api/v1/vms", null)).size());
            assertEquals(base, 0, json(http(base, "GET", "/api/v1/tunnels", null)).size());
            assertFalse(base, http(base, "GET", "/api/v1/networks", null).body().contains("\"wan\""));
        }
    }

    private static final String CUT = """
            name: cut
            hosts:
              a: local
              b: %s
            networks:
              wan: {subnet: 10.9.0.0/24}
            nodes:
              qa: {host: a, hypervisor: qemu, memoryMb: 128, params: {heartbeat: '1'}, nics: [{network: wan, address: 10.9.0.11/24}]}
              ua: {host: a, nics: [{network: wan, address: 10.9.0.12/24}]}
              ub: {host: b, nics: [{network: wan, address: 10.9.0.13/24}]}
            """.formatted(B);

    /** Types a line into a VM's console and waits for the marker it prints once done. */
    private void typed(String base, String vm, String line, String marker) {
        assertEquals(204, http(base, "POST", "/api/v1/vms/" + vm + "/console", "{\"line\": \"" + line + "\"}").statusCode());
        await(vm + ": " + marker, () -> console(base, vm).contains(marker), Duration.ofSeconds(30));
    }

    private long firstHeartbeat(String base, String vm) {
        for (JsonNode l : json(http(base, "GET", "/api/v1/vms/" + vm + "/console?lines=300", null))) {
            if (l.asText().startsWith("heartbeat ")) {
                return Long.parseLong(l.asText().substring(10).trim());
            }
        }
        return -1;
    }

    @Test
    public void aDistributedSnapshotIsOneCutOfEveryNodeAndDeploysAgainWithTheHostsSwapped() throws IOException {
        trustHostB();
        trustHostA();

        JsonNode run = deploy(CUT);
        assertEquals(run.toString(), "COMPLETED", run.get("state").asText());
        typed(hostA(), "qa", "echo cut-qa-$((6 * 7)) > /data/proof; echo wrote-$((1 + 1))", "wrote-2");
        typed(hostA(), "ua", "echo cut-ua-$((6 * 7)) > /root/proof; echo wrote-$((1 + 1))", "wrote-2");
        typed(B, "ub", "echo cut-ub-$((6 * 7)) > /root/proof; echo wrote-$((1 + 1))", "wrote-2");
        await("qa's heartbeat", () -> lastHeartbeat(hostA(), "qa") > 0, Duration.ofSeconds(30));
        long beatBefore = lastHeartbeat(hostA(), "qa");

        HttpResponse<String> taking = http("POST", "/api/v1/topology-snapshots", "{\"topology\": \"cut\", \"name\": \"monday\"}");
        assertEquals(taking.body(), 202, taking.statusCode());
        JsonNode cut = awaitTopologyRun(json(taking), Duration.ofSeconds(120));
        assertEquals(cut.toString(), "COMPLETED", cut.get("state").asText());
        assertEquals(cut.toString(), 3, count(cut, "FREEZE_VM"));
        assertEquals(cut.toString(), 3, count(cut, "SNAPSHOT_VM"));
        assertEquals(cut.toString(), 3, count(cut, "RESUME_VM"));
        // one cut: every freeze ends before any copy starts (waves), and every VM runs on after it
        for (JsonNode step : cut.get("steps")) {
            int wave = step.get("wave").asInt();
            assertEquals(step.toString(), switch (step.get("kind").asText()) {
                case "FREEZE_VM" -> 1;
                case "SNAPSHOT_VM" -> 2;
                default -> 3;
            }, wave);
        }
        assertEquals("RUNNING", json(get("/api/v1/vms/qa")).get("state").asText());
        assertEquals("RUNNING", json(http(B, "GET", "/api/v1/vms/ub", null)).get("state").asText());
        JsonNode snap = json(get("/api/v1/topology-snapshots/monday"));
        assertEquals(snap.toString(), "b", snap.get("nodes").get("ub").get("host").asText());
        assertEquals(snap.toString(), "monday-qa", snap.get("nodes").get("qa").get("snapshot").asText());
        HttpResponse<String> again = http("POST", "/api/v1/topology-snapshots", "{\"topology\": \"cut\", \"name\": \"monday\"}");
        assertEquals(again.body(), 409, again.statusCode());

        HttpResponse<String> destroying = http("DELETE", "/api/v1/topologies/cut", null);
        assertEquals("COMPLETED", awaitTopologyRun(json(destroying), Duration.ofSeconds(120)).get("state").asText());

        // a and b swapped: A's nodes come up on B and B's on A, each host fetching what it lacks from the other
        JsonNode restored = deploy("name: cut\nfrom-snapshot: monday\nhosts: {a: '" + B + "', b: local}\n");
        assertEquals(restored.toString(), "COMPLETED", restored.get("state").asText());
        assertEquals("each host fetches each VM snapshot it lacks, once", 3, count(restored, "FETCH_SNAPSHOT"));
        assertEquals("RUNNING", json(http(B, "GET", "/api/v1/vms/qa", null)).get("state").asText());
        assertEquals("RUNNING", json(get("/api/v1/vms/ub")).get("state").asText());
        await("qa's heartbeat on B", () -> firstHeartbeat(B, "qa") > 0, Duration.ofSeconds(30));
        long beatAfter = firstHeartbeat(B, "qa");
        assertTrue("qa's heartbeat goes on from " + beatAfter + ", not from a boot (" + beatBefore + " before the cut)",
                beatAfter >= beatBefore && !console(B, "qa").contains("MOBITOPOLO-READY"));
        typed(B, "qa", "cat /data/proof", "cut-qa-42");
        typed(B, "ua", "cat /root/proof", "cut-ua-42");
        typed(hostA(), "ub", "cat /root/proof", "cut-ub-42");
        typed(hostA(), "ub", "ping -c 2 10.9.0.11 | sed s/transmitted/to-qa/", "2 packets to-qa, 2 packets received");
        typed(hostA(), "ub", "ping -c 2 10.9.0.12 | sed s/transmitted/to-ua/", "2 packets to-ua, 2 packets received");
        assertEquals("the same file again changes nothing", "no changes",
                json(http("POST", "/api/v1/topologies?dryRun=true", "name: cut\nfrom-snapshot: monday\nhosts: {a: '" + B
                        + "', b: local}\n")).get("summary").asText());

        assertEquals(204, http("DELETE", "/api/v1/topology-snapshots/monday", null).statusCode());
        for (String base : List.of(hostA(), B)) {
            assertFalse(base, http(base, "GET", "/api/v1/snapshots", null).body().contains("monday-"));
        }
    }

    /** Fetches snapshot {@code name} on host A from B; answers the transfer's state as it stands (or as it ended, waiting). */
    private HttpResponse<String> fetchOnA(String name, long rate, boolean wait) {
        return http("POST", "/api/v1/snapshots/" + name + "/fetch" + (wait ? "?wait=true" : ""),
                "{\"from\": \"" + B + "\", \"rateBytesPerSecond\": " + rate + "}");
    }

    @Test
    public void aHostFetchesASnapshotItLacksResumingAnInterruptedTransferAndRefusingACorruptedFile() throws IOException {
        trustHostB();
        HttpResponse<String> made = http(B, "POST", "/api/v1/vms?start=true", "{\"name\": \"orig\", \"hypervisor\": \"uml\", "
                + "\"memoryMb\": 64, \"nics\": []}");
        assertEquals(made.body(), 201, made.statusCode());
        await("orig running", () -> json(http(B, "GET", "/api/v1/vms/orig", null)).get("state").asText().equals("RUNNING"),
                Duration.ofSeconds(60));
        typed(B, "orig", "echo fetched-$((6 * 7)) > /root/proof; echo wrote-$((1 + 1))", "wrote-2");
        assertEquals(201, http(B, "POST", "/api/v1/snapshots", "{\"vm\": \"orig\", \"name\": \"xfer\"}").statusCode());
        JsonNode export = json(http(B, "GET", "/api/v1/snapshots/xfer/export", null));
        long total = 0;
        for (JsonNode f : export.get("files")) {
            total += f.get("sizeBytes").asLong();
        }
        long size = total;

        // an interrupted transfer: 4 MiB/s, cancelled once a part has come
        HttpResponse<String> slow = fetchOnA("xfer", 4 << 20, false);
        assertEquals(slow.body(), 202, slow.statusCode());
        await("part of it received", () -> json(get("/api/v1/snapshot-transfers/xfer")).get("doneBytes").asLong() > 8 << 20,
                Duration.ofSeconds(30));
        HttpResponse<String> cancel = http("DELETE", "/api/v1/snapshot-transfers/xfer", null);
        assertEquals(cancel.body(), 200, cancel.statusCode());
        JsonNode cancelled = json(cancel);
        assertEquals(cancelled.toString(), "CANCELLED", cancelled.get("state").asText());
        assertEquals(cancelled.toString(), cancelled, json(get("/api/v1/snapshot-transfers/xfer")));
        long first = cancelled.get("receivedBytes").asLong();
        assertTrue(cancelled.toString(), first > 0 && first < size);
        assertFalse("not usable half-fetched", get("/api/v1/snapshots").body().contains("\"xfer\""));

        // resumed: only what was missing comes
        HttpResponse<String> resumed = fetchOnA("xfer", 0, true);
        assertEquals(resumed.body(), 200, resumed.statusCode());
        JsonNode done = json(resumed);
        assertEquals(done.toString(), "COMPLETED", done.get("state").asText());
        assertEquals(done.toString(), first, done.get("reusedBytes").asLong());
        assertEquals(done.toString(), size - first, done.get("receivedBytes").asLong());
        assertEquals(done.toString(), size, done.get("totalBytes").asLong());
        JsonNode again = json(fetchOnA("xfer", 0, true));
        assertEquals("nothing is fetched twice", 0, again.get("receivedBytes").asLong());

        // a VM made from it on A has what the original wrote
        made = http("POST", "/api/v1/vms?start=true", "{\"name\": \"copy\", \"hypervisor\": \"uml\", \"memoryMb\": 64, "
                + "\"image\": \"snapshot:xfer\", \"nics\": []}");
        assertEquals(made.body(), 201, made.statusCode());
        await("copy running", () -> json(get("/api/v1/vms/copy")).get("state").asText().equals("RUNNING"), Duration.ofSeconds(60));
        typed(hostA(), "copy", "cat /root/proof", "fetched-42");

        // a file corrupted on its way (here: in the partial copy an interrupted transfer left) is refused by its checksum
        assertEquals(201, http(B, "POST", "/api/v1/snapshots", "{\"vm\": \"orig\", \"name\": \"xfer2\"}").statusCode());
        assertEquals(202, fetchOnA("xfer2", 1 << 20, false).statusCode());
        await("part of xfer2 received", () -> json(get("/api/v1/snapshot-transfers/xfer2")).get("receivedBytes").asLong() > 2 << 20,
                Duration.ofSeconds(30));
        assertEquals("CANCELLED", json(http("DELETE", "/api/v1/snapshot-transfers/xfer2", null)).get("state").asText());
        Path partial;
        try (var parts = Files.walk(Path.of(System.getProperty("karaf.data"), "mobitopolo", "transfers", "incoming", "xfer2"))) {
            partial = parts.filter(f -> f.toString().endsWith(".part")).filter(f -> f.toFile().length() > 1 << 20).findFirst()
                    .orElseThrow(() -> new AssertionError("no partial file of xfer2"));
        }
        try (var f = new java.io.RandomAccessFile(partial.toFile(), "rw")) {
            f.seek(4096);
            f.write("corrupted".getBytes(StandardCharsets.US_ASCII));
        }
        HttpResponse<String> refused = fetchOnA("xfer2", 0, true);
        assertTrue(refused.body(), refused.statusCode() >= 400
                && refused.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        String detail = json(refused).get("detail").asText();
        assertTrue(detail, detail.contains("checksum") && detail.contains(partial.getFileName().toString().replace(".part", "")));
        assertFalse(get("/api/v1/snapshots").body().contains("\"xfer2\""));
        JsonNode clean = json(fetchOnA("xfer2", 0, true));
        assertEquals("the corrupted file is fetched anew", "COMPLETED", clean.get("state").asText());
        http("DELETE", "/api/v1/snapshots/xfer", null);
        http("DELETE", "/api/v1/snapshots/xfer2", null);
    }

    @Test
    public void aHostFetchesAnImageItLacksFromAnotherResumingAnInterruptedTransfer() throws IOException {
        trustHostB();
        // an ext4 image in host B's library, 40 MiB of it incompressible, put there as its admin would
        Path root = Files.createTempDirectory("image-root");
        byte[] noise = new byte[40 << 20];
        new java.util.Random(42).nextBytes(noise);
        Files.write(root.resolve("noise"), noise);
        Files.writeString(root.resolve("marker"), "made-on-b\n");
        Path library = Files.createDirectories(homeB.resolve("data/mobitopolo/images"));
        sh("mkfs.ext4", "-q", "-F", "-d", root.toString(), library.resolve("lab.ext4").toString(), "64M");
        sh("rm", "-rf", root.toString());
        JsonNode export = json(http(B, "GET", "/api/v1/images/lab.ext4/export", null));
        long size = export.get("sizeBytes").asLong();
        assertEquals(export.toString(), 64L << 20, size);

        // cancelled once a part has come at 4 MiB/s: nothing in the library yet
        HttpResponse<String> slow = http("POST", "/api/v1/images/lab.ext4/fetch", "{\"from\": \"" + B + "\", \"rateBytesPerSecond\": "
                + (4 << 20) + "}");
        assertEquals(slow.body(), 202, slow.statusCode());
        assertTrue(slow.headers().firstValue("Location").orElse("").endsWith("/api/v1/image-transfers/lab.ext4"));
        await("part of the image received", () -> json(get("/api/v1/image-transfers/lab.ext4")).get("doneBytes").asLong() > 8 << 20,
                Duration.ofSeconds(30));
        JsonNode cancelled = json(http("DELETE", "/api/v1/image-transfers/lab.ext4", null));
        assertEquals(cancelled.toString(), "CANCELLED", cancelled.get("state").asText());
        long first = cancelled.get("receivedBytes").asLong();
        assertTrue(cancelled.toString(), first > 0 && first < size);
        assertEquals(404, get("/api/v1/images/lab.ext4").statusCode());

        // resumed from where it stopped, then checked by its sum: the same bytes as on B
        String console = execute("mobi:image-fetch lab.ext4 " + B);
        assertTrue(console, console.contains("lab.ext4: fetched from " + B) && console.contains(" reused"));
        JsonNode done = json(get("/api/v1/image-transfers/lab.ext4"));
        assertEquals(done.toString(), "COMPLETED", done.get("state").asText());
        assertEquals(done.toString(), first, done.get("reusedBytes").asLong());
        assertEquals(done.toString(), size - first, done.get("receivedBytes").asLong());
        JsonNode here = json(get("/api/v1/images/lab.ext4/export"));
        assertEquals(export.get("sha256").asText(), here.get("sha256").asText());
        JsonNode again = json(http("POST", "/api/v1/images/lab.ext4/fetch?wait=true", "{\"from\": \"" + B + "\"}"));
        assertEquals("nothing is fetched twice", 0, again.get("receivedBytes").asLong());
        String table = execute("mobi:image-transfers");
        assertTrue(table, table.contains("lab.ext4") && table.contains("COMPLETED"));

        // what B lacks is named, before anything is written here
        HttpResponse<String> missing = http("POST", "/api/v1/images/absent.ext4/fetch?wait=true", "{\"from\": \"" + B + "\"}");
        assertEquals(missing.body(), 404, missing.statusCode());
        assertTrue(missing.body(), json(missing).get("detail").asText().contains("no image named absent.ext4"));
        HttpResponse<String> bad = http("POST", "/api/v1/images/..%2Fetc/fetch", "{\"from\": \"" + B + "\"}");
        assertTrue(bad.body(), bad.statusCode() == 400 || bad.statusCode() == 404);
        assertEquals(204, http("DELETE", "/api/v1/images/lab.ext4", null).statusCode());
    }

    @Test
    public void anImageBuiltOnOneHostIsFetchedFromThereByTheOtherForItsNodes() throws IOException {
        trustHostB();
        trustHostA();
        Files.writeString(homeB.resolve("etc/org.mobitopolo.hypervisor.uml.cfg"), "readyTimeoutSeconds = 90\n");
        String file = """
                name: imaged
                hosts: {a: local, b: %s}
                images:
                  lab-img: {packages: [iperf3]}
                networks: {wan: {subnet: 10.9.0.0/24}}
                nodes:
                  ia: {host: a, image: lab-img, memoryMb: 128, nics: [{network: wan, address: 10.9.0.1/24}]}
                  ib: {host: b, image: lab-img, memoryMb: 128, nics: [{network: wan, address: 10.9.0.2/24}]}
                """.formatted(B);
        HttpResponse<String> started = http("POST", "/api/v1/topologies", file);
        assertEquals(started.body(), 202, started.statusCode());
        JsonNode run = awaitTopologyRun(json(started), Duration.ofMinutes(15));
        assertEquals(run.toString(), "COMPLETED", run.get("state").asText());
        List<String> imageSteps = new java.util.ArrayList<>();
        run.get("steps").forEach(step -> {
            if (step.get("kind").asText().endsWith("_IMAGE")) {
                imageSteps.add(step.get("kind").asText() + " " + step.get("host").asText());
            }
        });
        assertEquals(List.of("BUILD_IMAGE a", "FETCH_IMAGE b", "BUILD_IMAGE b"), imageSteps);
        long size = json(get("/api/v1/images/lab-img")).get("sizeBytes").asLong();
        JsonNode fetched = json(http(B, "GET", "/api/v1/image-transfers/lab-img", null));
        assertEquals(fetched.toString(), "COMPLETED", fetched.get("state").asText());
        assertEquals("B fetched the image whole, once", size, fetched.get("receivedBytes").asLong());
        JsonNode built = json(http(B, "GET", "/api/v1/images/lab-img/build", null));
        assertTrue("B built nothing: " + built, built.get("cached").asBoolean());
        assertEquals(json(get("/api/v1/images/lab-img/export")).get("sha256").asText(),
                json(http(B, "GET", "/api/v1/images/lab-img/export", null)).get("sha256").asText());
        // the node on B runs in the fetched image and reaches the one on A
        HttpResponse<String> ping = http(B, "POST", "/api/v1/vms/ib/exec", "{\"argv\": [\"ping\", \"-c\", \"3\", \"-W\", \"5\", "
                + "\"10.9.0.1\"], \"timeoutSeconds\": 30}");
        assertEquals(ping.body(), 200, ping.statusCode());
        assertEquals(ping.body(), 0, json(ping).get("exitCode").asInt());
        JsonNode destroyed = awaitTopologyRun(json(http("DELETE", "/api/v1/topologies/imaged", null)), Duration.ofSeconds(120));
        assertEquals(destroyed.toString(), "COMPLETED", destroyed.get("state").asText());
        http("DELETE", "/api/v1/images/lab-img", null);
    }
}
