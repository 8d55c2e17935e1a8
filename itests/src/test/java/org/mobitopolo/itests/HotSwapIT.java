package org.mobitopolo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;

/**
 * Swapping a plugin while the runtime runs: the host-facts feature goes away and comes back, and
 * the REST endpoint and the console (the SPI's consumers) follow without any restart.
 */
@RunWith(MobitopoloExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapIT extends MobitopoloTestSupport {
    private static final Duration SWAP = Duration.ofSeconds(60);

    @Inject
    private BundleContext context;

    @Test
    public void hostFeatureUninstallsAndReinstallsWhileTheRuntimeRuns() {
        awaitStatus("/api/v1/host", 200, SWAP);
        awaitRestSettled();
        List<String> platformStops = new CopyOnWriteArrayList<>();
        BundleListener watcher = event -> {
            String bsn = event.getBundle().getSymbolicName();
            if (event.getType() == BundleEvent.STOPPED && !bsn.equals("org.mobitopolo.host")) {
                platformStops.add(bsn);
            }
        };
        context.addBundleListener(watcher);
        try {
            // Out through REST, as an external tool would do it.
            HttpResponse<String> removed = http("PUT", "/api/v1/features/mobitopolo-host", "{\"installed\": false}");
            assertEquals(removed.body(), 200, removed.statusCode());
            assertFalse(json(removed).get("installed").asBoolean());

            HttpResponse<String> gone = awaitStatus("/api/v1/host", 503, SWAP);
            assertEquals("application/problem+json", gone.headers().firstValue("Content-Type").orElse(""));
            assertTrue(gone.body(), json(gone).get("detail").asText().contains("feature:install mobitopolo-host"));
            assertTrue(hostFactsImplementations().isEmpty());
            String console = execute("mobi:host-info");
            assertTrue(console, console.contains("no host facts plugin is active"));
            assertTrue(execute("mobi:bundles"), execute("mobi:bundles").matches("(?s).*HostFacts\\s+\\S\\s+\\(none active\\).*"));

            // Back in through the console, as an operator would do it.
            String installed = execute("feature:install mobitopolo-host");
            assertFalse(installed, installed.contains("ERROR"));
            HttpResponse<String> back = awaitStatus("/api/v1/host", 200, SWAP);
            assertTrue(json(back).get("defaultRoute").get("mtu").asInt() > 0);
            assertEquals("linux", hostFactsImplementations().get(0).get("name").asText());
            assertTrue(execute("mobi:host-info").contains("mtu"));
            assertTrue(json(get("/api/v1/features/mobitopolo-host")).get("installed").asBoolean());

            assertTrue("platform bundles restarted during the swap: " + platformStops, platformStops.isEmpty());
        } finally {
            context.removeBundleListener(watcher);
        }
    }

    /**
     * The embedded proxy gives way to tinyproxy and comes back, while the runtime runs: REST drives
     * whichever is active, and real curl goes through each (to this distribution's own REST endpoint).
     */
    @Test
    public void webProxySwapsBetweenEmbeddedAndTinyproxy() throws Exception {
        awaitStatus("/api/v1/proxy", 200, SWAP);
        awaitRestSettled();
        String config = "{\"port\": 8850, \"connectPorts\": [443]}";
        try {
            HttpResponse<String> started = http("PUT", "/api/v1/proxy", config);
            assertEquals(started.body(), 200, started.statusCode());
            assertEquals("netty", json(started).get("implementation").asText());
            assertTrue(curlThroughProxy().contains("via: 1.1 mobitopolo"));

            assertEquals(200, http("PUT", "/api/v1/features/mobitopolo-proxy-tinyproxy", "{\"installed\": true}").statusCode());
            assertEquals(200, http("PUT", "/api/v1/features/mobitopolo-proxy", "{\"installed\": false}").statusCode());
            await("tinyproxy serves /api/v1/proxy", () -> implementation().equals("tinyproxy"), SWAP);
            assertEquals("the embedded proxy's port closed with its bundle", 7, curlExit());
            HttpResponse<String> tiny = http("PUT", "/api/v1/proxy", config);
            assertEquals(tiny.body(), 200, tiny.statusCode());
            assertTrue(json(tiny).get("running").asBoolean());
            assertTrue(curlThroughProxy().contains("tinyproxy"));
            assertTrue(execute("mobi:proxy-status").contains("tinyproxy proxy running on 127.0.0.1:8850"));
        } finally {
            http("PUT", "/api/v1/features/mobitopolo-proxy", "{\"installed\": true}");
            http("PUT", "/api/v1/features/mobitopolo-proxy-tinyproxy", "{\"installed\": false}");
        }
        await("the embedded proxy is back", () -> implementation().equals("netty"), SWAP);
        assertEquals("tinyproxy stopped with its bundle", 7, curlExit());
        HttpResponse<String> problem = http("PUT", "/api/v1/proxy", "{\"port\": 8850, \"allow\": [\"not-a-network\"]}");
        assertEquals(problem.body(), 400, problem.statusCode());
        assertTrue(problem.body(), json(problem).get("detail").asText().contains("not-a-network"));
        HttpResponse<String> users = http("PUT", "/api/v1/proxy/users/alice", "{\"password\": \"s3cret\"}");
        assertEquals(users.body(), "[\"alice\"]", users.body());
        assertFalse("never echoed", users.body().contains("s3cret"));
        assertEquals("[]", http("DELETE", "/api/v1/proxy/users/alice", null).body());
        assertEquals(404, http("DELETE", "/api/v1/proxy/users/alice", null).statusCode());
        http("DELETE", "/api/v1/proxy", null);
    }

    private String implementation() {
        HttpResponse<String> r = get("/api/v1/proxy");
        return r.statusCode() == 200 ? json(r).get("implementation").asText() : "";
    }

    /** Headers of this distribution's health check (it needs no session) fetched through the proxy with curl, lower case. */
    private String curlThroughProxy() throws Exception {
        Process curl = new ProcessBuilder("curl", "-sS", "--max-time", "20", "-D", "-", "-o", "/dev/null", "-x",
                "http://127.0.0.1:8850", "http://127.0.0.1:" + System.getProperty("mobitopolo.itest.http.port")
                + "/api/v1/health").redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(out, 0, curl.waitFor());
        assertTrue(out, out.startsWith("HTTP/1.1 200") || out.startsWith("HTTP/1.0 200"));
        return out.toLowerCase(java.util.Locale.ROOT);
    }

    private int curlExit() throws Exception {
        Process curl = new ProcessBuilder("curl", "-sS", "--max-time", "5", "-o", "/dev/null", "-x", "http://127.0.0.1:8850",
                "http://127.0.0.1:1/").start();
        curl.getInputStream().readAllBytes();
        return curl.waitFor();
    }

    @Test
    public void coreFeaturesCannotBeRemovedAtRuntime() {
        awaitStatus("/api/v1/features", 200, SWAP);
        awaitRestSettled();
        HttpResponse<String> refused = http("PUT", "/api/v1/features/mobitopolo-rest", "{\"installed\": false}");
        assertEquals(refused.body(), 409, refused.statusCode());
        assertTrue(refused.body(), json(refused).get("detail").asText().contains("core"));
        assertTrue(json(get("/api/v1/features/mobitopolo-rest")).get("installed").asBoolean());
    }

    private List<JsonNode> hostFactsImplementations() {
        for (JsonNode spi : json(get("/api/v1/plugins"))) {
            if (spi.get("spi").asText().equals("HostFacts")) {
                List<JsonNode> result = new CopyOnWriteArrayList<>();
                spi.get("implementations").forEach(result::add);
                return result;
            }
        }
        throw new AssertionError("HostFacts missing from /api/v1/plugins");
    }
}
