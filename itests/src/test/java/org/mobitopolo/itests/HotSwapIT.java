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
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;

/**
 * Swapping a plugin while the runtime runs: the host-facts feature goes away and comes back, and
 * the REST endpoint and the console (the SPI's consumers) follow without any restart.
 */
@RunWith(PaxExam.class)
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
