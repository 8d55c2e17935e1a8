package org.mobitopolo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.inject.Inject;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.mobitopolo.api.host.HostFacts;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** The distribution as a user meets it: features, the host service, REST, the console, bad input. */
@RunWith(MobitopoloExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformIT extends MobitopoloTestSupport {
    @Inject
    private FeaturesService features;

    @Inject
    private BundleContext context;

    @Inject
    private HostFacts hostFacts;

    @Before
    public void restIsUp() {
        awaitStatus("/api/v1/host", 200, Duration.ofSeconds(60));
        awaitRestSettled();
    }

    @Test
    public void everyMobitopoloFeatureInstallsAndItsBundlesAreActive() throws Exception {
        List<String> notInstalled = new ArrayList<>();
        for (Feature f : features.listFeatures()) {
            if (f.getName().startsWith("mobitopolo") && !features.isInstalled(f)) {
                features.installFeature(f.getName(), f.getVersion());
                notInstalled.add(f.getName());
            }
        }
        for (Feature f : features.listFeatures()) {
            if (f.getName().startsWith("mobitopolo")) {
                assertTrue(f.getName() + " installed", features.isInstalled(f));
            }
        }
        Set<String> active = new TreeSet<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().startsWith("org.mobitopolo.")) {
                assertEquals(b.getSymbolicName() + " active", Bundle.ACTIVE, b.getState());
                active.add(b.getSymbolicName());
            }
        }
        assertEquals(Set.of("org.mobitopolo.api", "org.mobitopolo.core", "org.mobitopolo.host", "org.mobitopolo.rest",
                "org.mobitopolo.shell", "org.mobitopolo.hypervisor.uml", "org.mobitopolo.hypervisor.qemu", "org.mobitopolo.migration.precopy",
                "org.mobitopolo.rebind.arp", "org.mobitopolo.bench.iperf", "org.mobitopolo.store", "org.mobitopolo.security",
                "org.mobitopolo.transport.udp", "org.mobitopolo.proxy.netty", "org.mobitopolo.proxy.tinyproxy", "org.mobitopolo.images",
                "org.mobitopolo.controller", "org.mobitopolo.netservices", "org.mobitopolo.rebind.dns",
                "org.mobitopolo.rebind.forward", "org.mobitopolo.transfer", "org.mobitopolo.experiment", "org.mobitopolo.web"), active);
        // The one plugin shipped but not booted: the embedded proxy is the default.
        assertEquals("boot features left out", List.of("mobitopolo-proxy-tinyproxy"), notInstalled);
    }

    @Test
    public void hostServiceIsRegisteredAndReadsThisHost() {
        assertNotNull(hostFacts.read().defaultRoute());
    }

    @Test
    public void restHostAnswersWithThisHostsRealMtu() throws IOException {
        HttpResponse<String> response = get("/api/v1/host");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode route = json(response).get("defaultRoute");
        String iface = defaultRouteInterface();
        assertEquals(iface, route.get("interfaceName").asText());
        assertEquals(mtuOf(iface), route.get("mtu").asInt());
    }

    @Test
    public void restHostSaysWhichKernelAndAcceleratorTheProbesChose() throws IOException {
        JsonNode hypervisors = json(get("/api/v1/host")).get("hypervisors");
        JsonNode qemu = hypervisors.get(0);
        JsonNode uml = hypervisors.get(1);
        assertEquals("uml", uml.get("type").asText());
        assertTrue(uml.toString(), uml.get("usable").asBoolean());
        assertTrue(uml.toString(), List.of("/usr/local/lib/mobitopolo/uml/linux", "/usr/bin/linux")
                .contains(uml.get("binary").asText()));
        assertTrue(uml.toString(), uml.get("detail").asText().startsWith("runs user space here"));
        assertFalse(uml.toString(), uml.get("version").asText().isEmpty());
        assertEquals("qemu", qemu.get("type").asText());
        assertTrue(qemu.toString(), qemu.get("usable").asBoolean());
        assertTrue(qemu.toString(), qemu.get("detail").asText().startsWith("accelerator "));
        String out = execute("mobi:host-info");
        assertTrue(out, out.contains(uml.get("binary").asText()) && out.contains(uml.get("version").asText()));
    }

    @Test
    public void whereNoUmlKernelRunsAUmlStartIsRefusedAtOnceWithWhyAndNothingIsCreated() throws IOException {
        // as a user points the plugin at another kernel: a file in etc/, here a program that is none
        Path cfg = Path.of(System.getProperty("karaf.etc"), "org.mobitopolo.hypervisor.uml.cfg");
        Files.writeString(cfg, "binary = /bin/false\n");
        try {
            await("the UML plugin to probe /bin/false", () -> umlSupport().get("binary").asText().equals("/bin/false"),
                    Duration.ofSeconds(30));
            JsonNode uml = umlSupport();
            assertFalse(uml.toString(), uml.get("usable").asBoolean());
            assertTrue(uml.toString(), uml.get("detail").asText().startsWith("no UML kernel runs user space here: /bin/false")
                    && uml.get("detail").asText().contains("exited with 1 before user space"));

            HttpResponse<String> refused = http("POST", "/api/v1/vms?start=true",
                    "{\"name\": \"cannot-run\", \"hypervisor\": \"uml\", \"memoryMb\": 64}");
            assertProblem(refused, 503);
            assertEquals("UML VMs cannot run on this host: " + uml.get("detail").asText(),
                    json(refused).get("detail").asText());
            assertProblem(get("/api/v1/vms/cannot-run"), 404);
            String console = execute("mobi:vm-create --start cannot-run").strip();
            assertEquals(console, 1, console.lines().count());
            assertTrue(console, console.contains("UML VMs cannot run on this host: no UML kernel runs user space here"));
            assertProblem(get("/api/v1/vms/cannot-run"), 404);
        } finally {
            Files.delete(cfg);
        }
        await("the UML plugin back on a kernel that works", () -> umlSupport().get("usable").asBoolean(),
                Duration.ofSeconds(30));
    }

    @Test
    public void restAnswersOnThisHostOnlyByDefault() throws IOException {
        int port = Integer.parseInt(System.getProperty("mobitopolo.itest.http.port"));
        String address = hostFacts.read().defaultRoute().addresses().stream().filter(a -> !a.contains(":"))
                .map(a -> a.substring(0, a.indexOf('/'))).findFirst().orElseThrow();
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(address, port), 2000);
            throw new AssertionError("the REST port answers on " + address + ":" + port);
        } catch (java.net.ConnectException refused) {
            // as it should: only 127.0.0.1 listens
        }
        assertEquals(200, get("/api/v1/host").statusCode());
    }

    @Test
    public void aHostFileCannotBecomeAVmsDiskOrRoot() {
        // the reproduction of the security issue: a QEMU VM whose disk would be /etc/shadow
        HttpResponse<String> qemu = http("POST", "/api/v1/vms?start=true",
                "{\"name\": \"evilq\", \"hypervisor\": \"qemu\", \"memoryMb\": 128, \"image\": \"/etc/shadow\"}");
        assertProblem(qemu, 400);
        assertTrue(qemu.body(), json(qemu).get("detail").asText().startsWith(
                "image /etc/shadow is outside the image directories"));
        assertProblem(get("/api/v1/vms/evilq"), 404);
        // a UML VM on the host's root directory over hostfs, or escaping with ..
        for (String image : List.of("/", "../../../../etc")) {
            HttpResponse<String> uml = http("POST", "/api/v1/vms", "{\"name\": \"evilu\", \"hypervisor\": \"uml\", "
                    + "\"memoryMb\": 64, \"image\": \"" + image + "\"}");
            assertProblem(uml, 400);
            assertProblem(get("/api/v1/vms/evilu"), 404);
        }
    }

    private JsonNode umlSupport() {
        for (JsonNode h : json(get("/api/v1/host")).get("hypervisors")) {
            if (h.get("type").asText().equals("uml")) {
                return h;
            }
        }
        throw new AssertionError("no uml in /api/v1/host");
    }

    @Test
    public void consoleHostInfoPrintsTheMtu() throws IOException {
        String iface = defaultRouteInterface();
        String out = execute("mobi:host-info");
        assertTrue(out, out.contains("dev " + iface + " mtu " + mtuOf(iface)));
        assertTrue(out, out.contains("uml"));
        assertTrue(out, out.matches("(?s).*CPU +\\d+ % busy, load \\d+\\.\\d\\d \\d+\\.\\d\\d \\d+\\.\\d\\d\\s.*"));
    }

    @Test
    public void consoleBundlesListsEachSpiWithItsImplementation() {
        String out = execute("mobi:bundles");
        assertTrue(out, out.matches("(?s).*HostFacts\\s+\\S\\s+linux\\s+\\S\\s+org\\.mobitopolo\\.host.*"));
        assertTrue(out, out.matches("(?s).*Hypervisor\\s+\\S\\s+uml\\s+\\S\\s+org\\.mobitopolo\\.hypervisor\\.uml.*"));
        assertTrue(out, out.matches("(?s).*VirtualSwitch\\s+\\S\\s+udp\\s+\\S\\s+org\\.mobitopolo\\.transport\\.udp.*"));
        assertTrue(out, out.matches("(?s).*Hypervisor\\s+\\S\\s+qemu\\s+\\S\\s+org\\.mobitopolo\\.hypervisor\\.qemu.*"));
        assertTrue(out, out.matches("(?s).*MigrationEngine\\s+\\S\\s+precopy\\s+\\S\\s+org\\.mobitopolo\\.migration\\.precopy.*"));
        assertTrue(out, out.matches("(?s).*WebProxy\\s+\\S\\s+netty\\s+\\S\\s+org\\.mobitopolo\\.proxy\\.netty.*"));
        assertTrue(out, out.matches("(?s).*BandwidthProbe\\s+\\S\\s+iperf3\\s+\\S\\s+org\\.mobitopolo\\.bench\\.iperf.*"));
        assertTrue(out, out.contains("mobitopolo-host"));
    }

    @Test
    public void restPluginsListsEverySpi() {
        JsonNode spis = json(get("/api/v1/plugins"));
        assertEquals(7, spis.size());
        assertEquals("HostFacts", spis.get(0).get("spi").asText());
        assertEquals("linux", spis.get(0).get("implementations").get(0).get("name").asText());
    }

    @Test
    public void unknownResourceIs404ProblemJson() {
        HttpResponse<String> response = get("/api/v1/no-such-thing");
        assertProblem(response, 404);
        assertTrue(response.body(), json(response).get("detail").asText().contains("/api/v1/no-such-thing"));
    }

    @Test
    public void wrongMethodIs405ProblemJson() {
        assertProblem(http("DELETE", "/api/v1/host", null), 405);
    }

    @Test
    public void malformedJsonBodyIs400NamingTheProblem() {
        HttpResponse<String> response = http("PUT", "/api/v1/features/mobitopolo-host", "{\"installed\": tru");
        assertProblem(response, 400);
        String detail = json(response).get("detail").asText();
        assertTrue(detail, detail.startsWith("malformed JSON body at line 1"));
        assertTrue(detail, detail.contains("tru"));
    }

    @Test
    public void unknownFieldIs400NamingTheField() {
        HttpResponse<String> response = http("PUT", "/api/v1/features/mobitopolo-host", "{\"install\": true}");
        assertProblem(response, 400);
        assertTrue(response.body(), json(response).get("detail").asText().contains("\"install\""));
    }

    @Test
    public void missingFieldIs400() {
        HttpResponse<String> response = http("PUT", "/api/v1/features/mobitopolo-host", "{}");
        assertProblem(response, 400);
        assertTrue(response.body(), json(response).get("detail").asText().contains("installed"));
    }

    @Test
    public void unknownFeatureIs404() {
        assertProblem(http("PUT", "/api/v1/features/mobitopolo-nope", "{\"installed\": true}"), 404);
        assertProblem(get("/api/v1/features/mobitopolo-nope"), 404);
    }

    @Test
    public void anExperimentThatCannotRunIsRefusedWithEveryProblemAndReadsNoPathOfTheHost() {
        String body = "{\"experiment\": \"name: Bad\\ntopology: ../../etc/passwd\\nrepetitions: 2\\nmeasurements: []\\n\", "
                + "\"files\": {\"t.mobi.yml\": \"name: t\"}}";
        HttpResponse<String> bad = http("POST", "/api/v1/experiments", body);
        assertProblem(bad, 400);
        String detail = json(bad).get("detail").asText();
        for (String p : List.of("name: 1-32 lower-case", "topology: the topology file's name", "measurements: at least one")) {
            assertTrue(detail, detail.contains(p));
        }
        HttpResponse<String> unsent = http("POST", "/api/v1/experiments", "{\"experiment\": \"name: x\\ntopology: t.mobi.yml\\n"
                + "repetitions: 1\\nmeasurements: [{name: la, node: a, kind: ping, to: 10.0.0.1}]\\n\", \"files\": {}, \"repetitions\": 5000}");
        assertProblem(unsent, 400);
        assertTrue(unsent.body(), json(unsent).get("detail").asText().contains("no file t.mobi.yml was sent"));
        assertProblem(http("POST", "/api/v1/experiments", "{}"), 400);
        // a body larger than any the endpoint takes is refused as it comes, not parsed whole first
        HttpResponse<String> huge = http("POST", "/api/v1/experiments", "{\"experiment\": \"" + "x".repeat(5 << 20) + "\"}");
        assertProblem(huge, 413);
        assertTrue(huge.body(), json(huge).get("detail").asText().equals("a JSON body is at most 4 MiB"));
        assertProblem(get("/api/v1/experiments/nope"), 404);
        assertProblem(get("/api/v1/experiments/nope/files/..%2F..%2Fadmin.password"), 404);
        assertEquals(0, json(get("/api/v1/experiments")).size());
    }

    @Test
    public void aMoveThatCannotStartIsRefusedAtOnce() {
        HttpResponse<String> unknownVm = http("POST", "/api/v1/migrations",
                "{\"vm\": \"nope\", \"target\": \"http://127.0.0.1:1\"}");
        assertProblem(unknownVm, 404);
        assertTrue(unknownVm.body(), json(unknownVm).get("detail").asText().contains("nope"));
        HttpResponse<String> badTarget = http("POST", "/api/v1/migrations", "{\"vm\": \"nope\", \"target\": \"ftp://x\"}");
        assertProblem(badTarget, 400);
        assertTrue(badTarget.body(), json(badTarget).get("detail").asText().contains("http://10.0.0.2:8181"));
        assertProblem(http("POST", "/api/v1/migrations", "{\"vm\": \"nope\", \"target\": \"http://127.0.0.1:1\", "
                + "\"rebind\": \"Bad Name\"}"), 400);
        assertEquals(0, json(get("/api/v1/migrations")).size());
    }

    @Test
    public void openApiDescribesEveryResource() {
        HttpResponse<String> response = get("/api/v1/openapi.json");
        assertEquals(200, response.statusCode());
        JsonNode doc = json(response);
        assertEquals("3.0.3", doc.get("openapi").asText());
        Set<String> paths = new TreeSet<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        assertEquals(Set.of("/api/v1/audit", "/api/v1/bench/latency", "/api/v1/bench/runs", "/api/v1/bench/runs/{id}", "/api/v1/bench/server",
                "/api/v1/dns", "/api/v1/dns/zones/{zone}/key", "/api/v1/events", "/api/v1/experiments", "/api/v1/experiments/{id}", "/api/v1/experiments/{id}/files/{name}", "/api/v1/forwards", "/api/v1/forwards/{id}", "/api/v1/dns/zones/{zone}/records", "/api/v1/dns/zones/{zone}/records/{name}",
                "/api/v1/features", "/api/v1/features/{name}", "/api/v1/health", "/api/v1/host", "/api/v1/images", "/api/v1/images/{name}", "/api/v1/images/{name}/build",
                "/api/v1/images/{name}/export", "/api/v1/images/{name}/export/content", "/api/v1/images/{name}/fetch",
                "/api/v1/image-transfers", "/api/v1/image-transfers/{name}",
                "/api/v1/migrations", "/api/v1/migrations/{id}",
                "/api/v1/migrations/incoming", "/api/v1/migrations/incoming/{vm}", "/api/v1/migrations/incoming/{vm}/complete", "/api/v1/openapi.json",
                "/api/v1/networks", "/api/v1/networks/{name}", "/api/v1/networks/{name}/leases", "/api/v1/networks/{name}/ports", "/api/v1/networks/{name}/ports/{port}/shape",
                "/api/v1/networks/{name}/services", "/api/v1/peers", "/api/v1/peers/tokens", "/api/v1/plugins", "/api/v1/proxy", "/api/v1/proxy/users", "/api/v1/proxy/users/{name}", "/api/v1/snapshots", "/api/v1/sessions", "/api/v1/sessions/current", "/api/v1/sessions/{id}", "/api/v1/snapshots/{name}",
                "/api/v1/snapshots/{name}/export", "/api/v1/snapshots/{name}/export/{file}", "/api/v1/snapshots/{name}/fetch",
                "/api/v1/snapshot-transfers", "/api/v1/snapshot-transfers/{name}", "/api/v1/store",
                "/api/v1/topologies", "/api/v1/topologies/{name}", "/api/v1/topologies/{name}/graph",
                "/api/v1/topologies/{name}/nodes/{node}/move",
                "/api/v1/topologies/{name}/runs/{id}", "/api/v1/topology-snapshots", "/api/v1/topology-snapshots/{name}",
                "/api/v1/vms", "/api/v1/vms/{name}",
                "/api/v1/vms/{name}/console", "/api/v1/vms/{name}/exec", "/api/v1/vms/{name}/freeze", "/api/v1/vms/{name}/kill",
                "/api/v1/vms/{name}/nics", "/api/v1/vms/{name}/nics/{index}",
                "/api/v1/vms/{name}/resume", "/api/v1/vms/{name}/start", "/api/v1/vms/{name}/stop",
                "/api/v1/tunnels", "/api/v1/tunnels/local", "/api/v1/tunnels/{id}", "/api/v1/tunnels/{id}/shape"), paths);
        JsonNode put = doc.get("paths").get("/api/v1/features/{name}").get("put");
        assertEquals("name", put.get("parameters").get(0).get("name").asText());
        assertEquals("#/components/schemas/FeatureChange",
                put.get("requestBody").get("content").get("application/json").get("schema").get("$ref").asText());
        assertTrue(doc.get("components").get("schemas").get("HostInfo").get("properties").has("defaultRoute"));
        JsonNode upload = doc.get("paths").get("/api/v1/images/{name}").get("put");
        assertEquals("binary", upload.get("requestBody").get("content").get("*/*").get("schema").get("format").asText());
    }

    @Test
    public void bandwidthTestsWithTheRealIperf3OverRestAndConsole() throws Exception {
        // Our server, started over REST, serves the real iperf3 client.
        JsonNode started = json(http("PUT", "/api/v1/bench/server", "{\"address\": \"127.0.0.1\", \"port\": 5350}"));
        assertTrue(started.toString(), started.get("running").asBoolean());
        Process iperf3 = new ProcessBuilder("iperf3", "-c", "127.0.0.1", "-p", "5350", "-t", "1", "--json")
                .redirectErrorStream(true).start();
        try {
            assertTrue(iperf3.waitFor(20, java.util.concurrent.TimeUnit.SECONDS));
            JsonNode client = JSON.readTree(iperf3.getInputStream());
            long sent = client.at("/end/sum_sent/bytes").asLong();
            // The client may exit before the server has read its IPERF_DONE.
            await("the server to count the test", () -> json(get("/api/v1/bench/server")).get("testsServed").asInt() > 0,
                    Duration.ofSeconds(5));
            JsonNode served = json(get("/api/v1/bench/server"));
            assertEquals(served.toString(), 1, served.get("testsServed").asInt());
            long counted = served.at("/recent/0/bytes").asLong();
            assertTrue(sent + " sent, " + counted + " counted", sent > 0 && Math.abs(sent - counted) <= sent / 2);
        } finally {
            iperf3.destroyForcibly();
        }

        // The console's client against it prints iperf3's interval lines while it runs.
        String out = execute("mobi:iperf -c 127.0.0.1 -p 5350 -t 2 -P 2");
        // iperf3's interval lines; under load an interval ends a little after its second
        assertTrue(out, out.matches("(?s).*\\[SUM\\]\\s+0\\.00-1\\.\\d\\d\\s+sec.*receiver.*"));
        String latency = execute("mobi:latency -p 5350 -c 3 -i 0 127.0.0.1");
        assertTrue(latency, latency.contains("3 answered, 0 lost"));

        // A UDP test over REST against the real iperf3 server: 202, intervals while it runs, then results.
        Process server = new ProcessBuilder("iperf3", "-s", "-1", "-p", "5351").redirectErrorStream(true).start();
        try {
            await("iperf3 -s listening", () -> listening(5351), Duration.ofSeconds(5));
            HttpResponse<String> accepted = http("POST", "/api/v1/bench/runs", "{\"host\": \"127.0.0.1\", \"port\": 5351, "
                    + "\"udp\": true, \"bitsPerSecond\": 10000000, \"seconds\": 2}");
            assertEquals(accepted.body(), 202, accepted.statusCode());
            String location = accepted.headers().firstValue("Location").orElseThrow();
            String path = location.substring(location.indexOf("/api/v1/"));
            await("the run to complete", () -> !json(get(path)).get("state").asText().equals("running"), Duration.ofSeconds(20));
            JsonNode run = json(get(path));
            assertEquals(run.toString(), "completed", run.get("state").asText());
            assertTrue(run.toString(), run.get("intervals").size() >= 2);
            double mbps = run.at("/result/bitsPerSecond").asDouble() / 1e6;
            assertTrue(run.toString(), mbps > 9 && mbps < 11);
            assertEquals(run.at("/result/bytesReceived").asLong(), run.at("/iperf3/end/sum_received/bytes").asLong());
        } finally {
            server.destroyForcibly();
        }

        assertProblem(http("POST", "/api/v1/bench/runs", "{\"host\": \"127.0.0.1\", \"parallel\": 500}"), 400);
        assertTrue(json(http("POST", "/api/v1/bench/runs", "{\"host\": \"127.0.0.1\", \"parallel\": 500}"))
                .get("detail").asText().contains("parallel streams must be 1-128"));
        assertProblem(get("/api/v1/bench/runs/nosuchrun"), 404);
        assertFalse(json(http("DELETE", "/api/v1/bench/server", null)).get("running").asBoolean());
    }

    /** Whether something listens on a TCP port, read from the kernel without connecting. */
    private static boolean listening(int port) {
        String local = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 3 && f[1].endsWith(local) && f[3].equals("0A")) {
                        return true;
                    }
                }
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertEquals(response.body(), status, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode problem = json(response);
        assertEquals(status, problem.get("status").asInt());
        assertFalse(problem.get("title").asText().isEmpty());
        assertFalse(problem.get("detail").asText().isEmpty());
        assertFalse("no stack traces or class names: " + response.body(),
                response.body().matches("(?s).*(Exception|\\bat [a-z]+\\.[a-z]+\\.|\\.java:).*"));
    }

    /** Read independently of the product: the kernel's routing table, lowest-metric default route. */
    private static String defaultRouteInterface() throws IOException {
        String best = null;
        int bestMetric = Integer.MAX_VALUE;
        for (String line : Files.readAllLines(Path.of("/proc/net/route"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 7 && f[1].equals("00000000") && f[7].equals("00000000") && Integer.parseInt(f[6]) < bestMetric) {
                best = f[0];
                bestMetric = Integer.parseInt(f[6]);
            }
        }
        assertNotNull("this host has no default route", best);
        return best;
    }

    private static int mtuOf(String iface) throws IOException {
        return Integer.parseInt(Files.readString(Path.of("/sys/class/net", iface, "mtu")).trim());
    }
}
