package org.mobitopolo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The topology controller on one host, as a user drives it: a file of three UML VMs on two networks
 * deployed, planned again (nothing to do), changed (only the difference done), broken (the failed
 * step named, the rest kept, the next deploy goes on) and destroyed, over REST and the console.
 */
@RunWith(MobitopoloExam.class)
@ExamReactorStrategy(PerClass.class)
public class ControllerIT extends MobitopoloTestSupport {
    private static final Duration RUN = Duration.ofSeconds(240);
    private static final String LAB = """
            name: lab
            networks:
              front: {subnet: 10.5.1.0/24}
              back: {subnet: 10.5.2.0/24}
            nodes:
              web:
                params: {http: 80}
                nics:
                  - {network: front, address: 10.5.1.2/24, impairment: {delayMillis: 40}}
                  - {network: back}
              client:
                nics: [{network: front, address: 10.5.1.3/24}]
                depends-on: web
              db:
                nics: [{network: back, address: 10.5.2.3/24}]
            """;

    @Before
    public void controllerIsUp() {
        awaitStatus("/api/v1/topologies", 200, Duration.ofSeconds(90));
        awaitRestSettled();
    }

    @After
    public void destroyEverything() {
        for (JsonNode t : json(get("/api/v1/topologies"))) {
            String name = t.get("name").asText();
            http("DELETE", "/api/v1/topologies/" + name, null);
            await("topology " + name + " destroyed", () -> get("/api/v1/topologies/" + name).statusCode() == 404, RUN);
        }
        for (JsonNode vm : json(get("/api/v1/vms"))) {
            http("DELETE", "/api/v1/vms/" + vm.get("spec").get("name").asText(), null);
        }
    }

    private HttpResponse<String> post(String path, String yaml) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token(base())).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml)).build();
        return send(request);
    }

    /** Deploys and waits for the run to end; returns the run. */
    private JsonNode deploy(String yaml) {
        HttpResponse<String> started = post("/api/v1/topologies", yaml);
        assertTrue(started.body(), started.statusCode() == 202 || started.statusCode() == 200);
        return awaitTopologyRun(json(started), RUN);
    }

    /** Each VM's pid: a VM that was not restarted keeps it. */
    private Map<String, Long> pids() {
        Map<String, Long> pids = new HashMap<>();
        for (JsonNode vm : json(get("/api/v1/vms"))) {
            pids.put(vm.get("spec").get("name").asText(), vm.get("pid").asLong());
        }
        return pids;
    }

    private static List<String> kinds(JsonNode run) {
        List<String> kinds = new ArrayList<>();
        run.get("steps").forEach(s -> kinds.add(s.get("kind").asText() + " " + s.get("key").asText().split(" ")[2]));
        return kinds;
    }

    private List<String> networks() {
        List<String> names = new ArrayList<>();
        json(get("/api/v1/networks")).forEach(n -> names.add(n.get("name").asText()));
        return names;
    }

    @Test
    public void aTopologyIsPlannedDeployedReconciledAndDestroyed() {
        HttpResponse<String> plan = post("/api/v1/topologies?dryRun=true", LAB);
        assertEquals(plan.body(), 200, plan.statusCode());
        // networks, then web and db, then client (it depends on web), then web's impairment
        assertEquals("6 steps in 4 waves on 1 host: 2 create-network, 3 create-vm, 1 shape-port",
                json(plan).get("summary").asText());
        assertEquals("the dry run touched nothing", 0, json(get("/api/v1/vms")).size());
        assertEquals(404, get("/api/v1/topologies/lab").statusCode());

        JsonNode run = deploy(LAB);
        assertEquals(run.toString(), "COMPLETED", run.get("state").asText());
        JsonNode vms = json(get("/api/v1/vms"));
        assertEquals(3, vms.size());
        vms.forEach(vm -> assertEquals(vm.toString(), "RUNNING", vm.get("state").asText()));
        assertTrue(networks().containsAll(List.of("front", "back")));
        // client started after web was ready (depends-on): its wave comes later
        int webWave = 0;
        int clientWave = 0;
        for (JsonNode s : run.get("steps")) {
            if (s.get("key").asText().equals("CREATE_VM local web")) {
                webWave = s.get("wave").asInt();
            } else if (s.get("key").asText().equals("CREATE_VM local client")) {
                clientWave = s.get("wave").asInt();
            }
        }
        assertTrue(webWave + " < " + clientWave, webWave < clientWave);
        // the impairment on web's front NIC: 40 ms on every frame towards web
        double rtt = pingAverageMillis("client", "10.5.1.2", "lab");
        assertTrue(rtt + " ms", rtt >= 40 && rtt < 400);
        JsonNode status = json(get("/api/v1/topologies/lab"));
        assertEquals("local", status.get("placement").get("db").asText());
        assertEquals(3, status.get("deployment").get("hosts").get("local").get("vms").size());
        String dot = get("/api/v1/topologies/lab/graph?format=dot").body();
        assertTrue(dot, dot.contains("subgraph \"cluster_local\"") && dot.contains("\"vm:web\" -- \"net:front\" [label=\"10.5.1.2/24 40 ms\"]")
                && dot.contains("fillcolor=palegreen"));
        HttpResponse<String> svg = get("/api/v1/topologies/lab/graph");
        assertEquals(svg.body(), 200, svg.statusCode());
        assertTrue(svg.headers().firstValue("Content-Type").orElse("").startsWith("image/svg+xml"));
        assertTrue(svg.body().contains("<svg") && svg.body().contains("client"));

        // the same file again: nothing to do, no VM restarted
        Map<String, Long> before = pids();
        HttpResponse<String> again = post("/api/v1/topologies", LAB);
        assertEquals(again.body(), 200, again.statusCode());
        assertEquals("no changes", json(again).get("summary").asText());
        assertEquals("COMPLETED", json(again).get("state").asText());
        assertEquals(before, pids());

        // db leaves, cache comes, web's impairment changes live: only that is done
        String changed = LAB.replace("delayMillis: 40", "delayMillis: 10")
                .replace("  db:\n    nics: [{network: back, address: 10.5.2.3/24}]\n",
                        "  cache:\n    nics: [{network: back, address: 10.5.2.4/24}]\n");
        JsonNode difference = deploy(changed);
        assertEquals(difference.toString(), "COMPLETED", difference.get("state").asText());
        assertEquals(List.of("DELETE_VM db", "CREATE_VM cache", "SHAPE_PORT web"), kinds(difference));
        Map<String, Long> after = pids();
        assertEquals(before.get("web"), after.get("web"));
        assertEquals(before.get("client"), after.get("client"));
        assertFalse(after.containsKey("db"));
        assertTrue(after.containsKey("cache"));

        // destroy: every VM and both networks go, and the topology with them
        HttpResponse<String> destroying = http("DELETE", "/api/v1/topologies/lab", null);
        assertEquals(destroying.body(), 202, destroying.statusCode());
        String destroyRun = "/api/v1/topologies/lab/runs/" + json(destroying).get("id").asText();
        JsonNode ended = json(get(destroyRun + "?wait=25")); // one request, answered when the run ends
        assertEquals(ended.toString(), "COMPLETED", ended.get("state").asText());
        HttpResponse<String> tooLong = get(destroyRun + "?wait=601");
        assertEquals(tooLong.body(), 400, tooLong.statusCode());
        assertTrue(tooLong.body(), tooLong.body().contains("wait is 0 to 600 seconds"));
        assertEquals(404, get("/api/v1/topologies/lab").statusCode());
        assertEquals(0, json(get("/api/v1/vms")).size());
        assertFalse(networks().contains("front"));
        assertFalse(networks().contains("back"));
    }

    @Test
    public void aNetworkWithDhcpAndDnsServesTheTopologysNodesTheirAddressesAndNames() {
        String sites = """
                name: sites
                networks:
                  site-a: {subnet: 10.9.0.0/24, dhcp: true, dns: site-a.mobi}
                nodes:
                  web: {nics: [{network: site-a, address: dhcp}], params: {http: "80"}}
                  client: {nics: [{network: site-a, address: dhcp}], depends-on: [web]}
                """;
        JsonNode run = deploy(sites);
        assertEquals(run.toString(), "COMPLETED", run.get("state").asText());
        assertEquals(List.of("CREATE_NETWORK site-a", "CONFIGURE_SERVICES site-a", "CREATE_VM web", "CREATE_VM client"), kinds(run));
        JsonNode leases = json(get("/api/v1/networks/site-a/leases"));
        assertEquals(leases.toString(), 2, leases.size());
        assertEquals("site-a.mobi", json(get("/api/v1/networks/site-a/services")).get("dnsZone").asText());
        // the client reaches the web node by its name
        execute("mobi:vm-type client 'wget -q -O - http://web/ >/dev/null && echo fetched-by-$((1 + 1))-name'");
        await("the page by name", () -> get("/api/v1/vms/client/console?lines=100").body().contains("fetched-by-2-name"),
                Duration.ofSeconds(30));
        JsonNode again = deploy(sites);
        assertEquals(again.toString(), "no changes", again.get("summary").asText());

        JsonNode destroyed = awaitTopologyRun(json(http("DELETE", "/api/v1/topologies/sites", null)), RUN);
        assertEquals(destroyed.toString(), "COMPLETED", destroyed.get("state").asText());
        assertFalse(networks().contains("site-a"));
        assertEquals(404, get("/api/v1/networks/site-a/services").statusCode());
    }

    @Test
    public void badFilesAreRefusedWithEveryProblemAndNothingIsTouched() {
        HttpResponse<String> malformed = post("/api/v1/topologies", "name: x\nnodes: [\n");
        assertEquals(malformed.body(), 400, malformed.statusCode());
        assertEquals("application/problem+json", malformed.headers().firstValue("Content-Type").orElse(""));
        assertTrue(malformed.body(), json(malformed).get("detail").asText().contains("line "));

        HttpResponse<String> wrong = post("/api/v1/topologies", "name: x\nnodes:\n  a:\n    memoryMb: 1\n"
                + "    nics: [{network: nowhere}]\n");
        assertEquals(wrong.body(), 400, wrong.statusCode());
        String detail = json(wrong).get("detail").asText();
        assertTrue(detail, detail.contains("2 problems") && detail.contains("nodes.a.nics[0].network")
                && detail.contains("nodes.a.memoryMb"));

        assertEquals(400, post("/api/v1/topologies", "").statusCode());
        assertEquals(404, get("/api/v1/topologies/none").statusCode());
        assertEquals(404, http("DELETE", "/api/v1/topologies/none", null).statusCode());
        assertEquals(401, send(base(), "GET", "/api/v1/topologies", null, Map.of()).statusCode());
        assertEquals("nothing was made", 0, json(get("/api/v1/vms")).size());
        assertEquals(0, json(get("/api/v1/topologies")).size());
    }

    @Test
    public void aFailedStepStopsTheDeployAndTheNextDeployGoesOnFromWhatWasMade() {
        String broken = """
                name: fragile
                networks: {lan: {}}
                nodes:
                  steady: {nics: [{network: lan, address: 10.6.0.1/24}]}
                  shaky:
                    image: no-such-image.img
                    nics: [{network: lan, address: 10.6.0.2/24}]
                    depends-on: steady
                """;
        JsonNode failed = deploy(broken);
        assertEquals(failed.toString(), "FAILED", failed.get("state").asText());
        assertTrue(failed.get("error").asText(), failed.get("error").asText().contains("create and start VM shaky"));
        assertEquals("RUNNING", json(get("/api/v1/vms/steady")).get("state").asText());
        assertEquals("a refused VM is not left behind", 404, get("/api/v1/vms/shaky").statusCode());

        Map<String, Long> before = pids();
        JsonNode resumed = deploy(broken.replace("    image: no-such-image.img\n", ""));
        assertEquals(resumed.toString(), "COMPLETED", resumed.get("state").asText());
        assertEquals(List.of("CREATE_VM shaky"), kinds(resumed));
        assertEquals(before.get("steady"), pids().get("steady"));

        // a VM that died is started again by the next deploy, and only it
        assertEquals(200, http("POST", "/api/v1/vms/steady/kill", null).statusCode());
        JsonNode restarted = deploy(broken.replace("    image: no-such-image.img\n", ""));
        assertEquals(restarted.toString(), "COMPLETED", restarted.get("state").asText());
        assertEquals(List.of("START_VM steady"), kinds(restarted));
        assertEquals("RUNNING", json(get("/api/v1/vms/steady")).get("state").asText());
    }

    @Test
    public void theConsoleCommandsPlanDeployListAndDestroy() throws IOException {
        Path file = Files.createTempFile("solo", ".mobi.yml");
        try {
            Files.writeString(file, "name: solo\nnodes:\n  alone: {}\n");
            String planned = execute("mobi:topo-plan " + file);
            assertTrue(planned, planned.contains("solo: 1 step in 1 wave on 1 host: 1 create-vm"));
            String deployed = execute("mobi:topo-deploy " + file);
            assertTrue(deployed, deployed.contains("done  create and start VM alone") && deployed.contains("solo: deployed in"));
            assertTrue(execute("mobi:topo-plan " + file).contains("solo: no changes"));
            assertTrue(execute("mobi:topo-list").contains("solo"));
            assertTrue(execute("mobi:topo-graph solo").contains("\"vm:alone\""));
            // a move needs another host of the topology, and a node it has
            assertTrue(execute("mobi:topo-move solo alone elsewhere").contains("topology solo has no host elsewhere (its hosts: local)"));
            assertTrue(execute("mobi:topo-move solo ghost local").contains("topology solo has no node ghost"));
            assertTrue(execute("mobi:topo-move solo alone local").contains("node alone of topology solo is on local already"));
            HttpResponse<String> refused = http("POST", "/api/v1/topologies/solo/nodes/alone/move", "{\"host\": \"elsewhere\"}");
            assertEquals(refused.body(), 404, refused.statusCode());
            assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertEquals(400, http("POST", "/api/v1/topologies/solo/nodes/alone/move", "{}").statusCode());
            JsonNode graph = json(get("/api/v1/topologies/solo/graph?format=json"));
            assertEquals(graph.toString(), "local", graph.get("vms").get(0).get("host").asText());
            assertEquals("RUNNING", graph.get("vms").get(0).get("state").asText());
            String status = execute("mobi:topo-status solo");
            assertTrue(status, status.contains("local: VMs [alone]") && status.contains("completed"));
            String destroyed = execute("mobi:topo-destroy solo");
            assertTrue(destroyed, destroyed.contains("done  delete VM alone") && destroyed.contains("solo: destroyed in"));
            assertTrue(execute("mobi:topo-status solo").contains("no topology named solo"));
            assertTrue(execute("mobi:topo-deploy /nonexistent.yml").contains("no file /nonexistent.yml"));
        } finally {
            Files.delete(file);
        }
    }
}
