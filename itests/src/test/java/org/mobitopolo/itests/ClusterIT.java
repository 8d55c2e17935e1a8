package org.mobitopolo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Two runtimes on one PostgreSQL database, the seed's cluster of servers: this distribution (A) and a
 * second one started from the same archive as a process (B), both with the store on a real
 * PostgreSQL server the test starts. A token from either works on both, a logout or revocation on
 * one is refused on the other within 2 s, B's sessions outlive a restart of B, and A's console lists
 * B's sessions.
 *
 * <p>Where things run: {@link #config()} runs in the Pax Exam driver, before A is configured; it
 * starts PostgreSQL and B there and hands their coordinates to A as system properties. The tests run
 * inside A. Pax Exam runs no {@code @AfterClass} in the driver, so {@link ClusterRunner} stops B and
 * PostgreSQL after the class, whatever its outcome.
 */
@RunWith(ClusterRunner.class)
@ExamReactorStrategy(PerClass.class)
public class ClusterIT extends MobitopoloTestSupport {
    private static final String B_URL = ClusterRunner.B_URL;
    private static final String B_HOME = ClusterRunner.B_HOME;
    private static final String B_PASSWORD = ClusterRunner.B_PASSWORD;
    /** How soon a logout or revocation on one runtime must be refused on the other (README, Security). */
    private static final Duration EVERYWHERE = Duration.ofSeconds(2);
    private static final Duration BOOT = Duration.ofSeconds(180);

    /** Whether A's, and B's since it last started, REST endpoint and sessions were seen ready (inside A: one per class). */
    private static volatile boolean aReady;
    private static volatile boolean bReady;
    /** Why B did not come up, once it did not: the tests after that fail at once instead of waiting again. */
    private static volatile AssertionError bDown;

    @Override
    @Configuration
    public Option[] config() {
        Option[] a = OptionUtils.combine(super.config(), otherPortsFree());
        a = OptionUtils.combine(a, editConfigurationFilePut("etc/users.properties", "vic", "vic-pw,viewer"));
        return OptionUtils.combine(a, ClusterRunner.startAll(Path.of(System.getProperty("mobitopolo.distribution"))));
    }

    @Before
    public void bothAreReady() {
        if (!aReady) {
            awaitReady(a());
            aReady = true;
        }
        if (!bReady) {
            if (bDown != null) {
                throw new AssertionError("runtime B is down: " + bDown.getMessage(), bDown);
            }
            awaitReady(b());
            bReady = true;
        }
    }

    /**
     * No VM outlives a test: one left in A when Pax Exam stops it would keep its console's FIFO in
     * A's directory, whose deletion then blocks for good.
     */
    @After
    public void noVmIsLeft() throws IOException {
        for (String base : bDown == null ? List.of(a(), b()) : List.of(a())) {
            String token = admin(base);
            for (JsonNode vm : json(call(base, "GET", "/api/v1/vms", token, null))) {
                call(base, "DELETE", "/api/v1/vms/" + vm.get("spec").get("name").asText(), token, null);
            }
        }
    }

    @Test
    public void bothRuntimesKeepTheirStoreInTheOnePostgresDatabase() throws IOException {
        JsonNode a = json(call(a(), "GET", "/api/v1/store", admin(a()), null));
        JsonNode b = json(call(b(), "GET", "/api/v1/store", admin(b()), null));
        assertEquals(a.toString(), "PostgreSQL", a.get("database").asText());
        assertEquals(a.get("url"), b.get("url"));
        assertTrue(a.toString(), !a.get("instance").equals(b.get("instance")));
        for (JsonNode info : List.of(a, b)) {
            assertTrue(info.toString(), info.get("instances").toString().contains(a.get("instance").toString())
                    && info.get("instances").toString().contains(b.get("instance").toString()));
        }
    }

    @Test
    public void eachRuntimeAcceptsTheOthersTokens() {
        JsonNode onA = login(a(), "vic", "vic-pw");
        HttpResponse<String> current = call(b(), "GET", "/api/v1/sessions/current", token(onA), null);
        assertEquals(current.body(), 200, current.statusCode());
        assertEquals(onA.get("session").get("id"), json(current).get("id"));
        assertEquals("viewer", json(current).get("role").asText());

        JsonNode onB = login(b(), "admin", bAdminPassword());
        current = call(a(), "GET", "/api/v1/sessions/current", token(onB), null);
        assertEquals(current.body(), 200, current.statusCode());
        assertEquals(onB.get("session").get("id"), json(current).get("id"));
        assertEquals("admin", json(current).get("role").asText());
        // and a role's rights with it: B's admin lists every session of the store on A
        HttpResponse<String> all = call(a(), "GET", "/api/v1/sessions", token(onB), null);
        assertEquals(all.body(), 200, all.statusCode());
        assertTrue(all.body(), all.body().contains(id(onA)) && all.body().contains(id(onB)));
    }

    @Test
    public void aSessionRevokedOnOneRuntimeIsRefusedOnTheOther() throws IOException {
        JsonNode victim = login(a(), "vic", "vic-pw");
        String bAdmin = token(login(b(), "admin", bAdminPassword()));
        assertAccepted(a(), victim);
        assertAccepted(b(), victim);
        assertEquals(204, call(b(), "DELETE", "/api/v1/sessions/" + id(victim), bAdmin, null).statusCode());
        assertRefusedFromNowOn(a(), victim);

        // on A's console, a session B handed out
        victim = login(b(), "vic", "vic-pw");
        assertAccepted(b(), victim);
        String out = execute("mobi:session-revoke " + id(victim));
        assertTrue(out, out.contains(id(victim) + ": revoked"));
        assertRefusedFromNowOn(b(), victim);
        assertEquals(404, call(a(), "DELETE", "/api/v1/sessions/" + id(victim), token(login(a(), "admin", aAdminPassword())),
                null).statusCode());
    }

    @Test
    public void aLogoutOnOneRuntimeIsRefusedOnTheOther() {
        JsonNode session = login(a(), "vic", "vic-pw");
        assertAccepted(b(), session);
        assertEquals(204, call(a(), "DELETE", "/api/v1/sessions/current", token(session), null).statusCode());
        assertRefusedFromNowOn(b(), session);

        session = login(b(), "vic", "vic-pw");
        assertAccepted(a(), session);
        assertEquals(204, call(b(), "DELETE", "/api/v1/sessions/current", token(session), null).statusCode());
        assertRefusedFromNowOn(a(), session);
    }

    @Test
    public void sessionsOutliveARestartOfTheRuntime() {
        JsonNode onB = login(b(), "vic", "vic-pw");
        JsonNode onA = login(a(), "vic", "vic-pw");
        assertAccepted(b(), onB);
        assertAccepted(b(), onA);

        SecondRuntime runtime = runtimeB();
        bReady = false;
        runtime.stop();
        assertTrue("B's processes are gone", !runtime.running());
        assertEquals("A serves on while B is down", 200, call(a(), "GET", "/api/v1/sessions/current", token(onB), null).statusCode());
        runtime.start();
        awaitReady(b());
        bReady = true;

        // B's memory of them is gone with its JVM: what it accepts now it read from the store
        assertAccepted(b(), onB);
        assertAccepted(b(), onA);
        assertAccepted(a(), onB);
    }

    @Test
    public void theConsoleOfOneRuntimeListsTheSessionsOfTheOther() {
        JsonNode onB = login(b(), "vic", "vic-pw");
        String out = execute("mobi:session-list");
        String row = out.lines().filter(l -> l.contains(id(onB))).findFirst().orElse("");
        assertTrue(out, row.matches(".*\\bvic\\b.*\\bviewer\\b.*\\b127\\.0\\.0\\.1\\b.*"));
    }

    @Test
    public void oneTopologyIsAppliedByOneRuntimeAtATimeAndBothSeeIt() throws Exception {
        String file = "{\"name\": \"shared\", \"nodes\": {\"s1\": {}, \"s2\": {}}}";
        String tokenA = admin(a());
        String tokenB = admin(b());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            Future<HttpResponse<String>> fromA = both.submit(() -> {
                go.await();
                return call(a(), "POST", "/api/v1/topologies", tokenA, file);
            });
            Future<HttpResponse<String>> fromB = both.submit(() -> {
                go.await();
                return call(b(), "POST", "/api/v1/topologies", tokenB, file);
            });
            go.countDown();
            HttpResponse<String> answerA = fromA.get(60, TimeUnit.SECONDS);
            HttpResponse<String> answerB = fromB.get(60, TimeUnit.SECONDS);
            assertEquals(answerA.body() + " / " + answerB.body(), List.of(202, 409),
                    Stream.of(answerA.statusCode(), answerB.statusCode()).sorted().toList());
            boolean aWon = answerA.statusCode() == 202;
            String winner = aWon ? a() : b();
            String loser = aWon ? b() : a();
            String winnerToken = aWon ? tokenA : tokenB;
            String loserToken = aWon ? tokenB : tokenA;
            JsonNode refused = json(aWon ? answerB : answerA);
            assertTrue(refused.toString(), refused.get("detail").asText().contains("topology shared"));

            awaitRun(winner, winnerToken, json(aWon ? answerA : answerB));
            JsonNode seenByLoser = json(call(loser, "GET", "/api/v1/topologies/shared", loserToken, null));
            assertEquals(seenByLoser.toString(), "COMPLETED", seenByLoser.get("lastRun").get("state").asText());
            assertEquals(2, json(call(winner, "GET", "/api/v1/vms", winnerToken, null)).size());
            assertEquals("nothing doubled", 0, json(call(loser, "GET", "/api/v1/vms", loserToken, null)).size());

            // its host "local" is the winner: the loser may not change it
            HttpResponse<String> again = call(loser, "POST", "/api/v1/topologies", loserToken, file);
            assertEquals(again.body(), 409, again.statusCode());
            assertTrue(again.body(), json(again).get("detail").asText().contains("was deployed by runtime"));
            assertEquals(409, call(loser, "DELETE", "/api/v1/topologies/shared", loserToken, null).statusCode());
        } finally {
            both.shutdownNow();
            for (String base : List.of(a(), b())) {
                String t = admin(base);
                if (call(base, "DELETE", "/api/v1/topologies/shared", t, null).statusCode() == 202) {
                    await("shared destroyed", () -> call(base, "GET", "/api/v1/topologies/shared", t, null).statusCode() == 404,
                            Duration.ofSeconds(60));
                }
            }
        }
    }

    @Test
    public void aRestartedRuntimeKnowsItsTopologiesAndADeployStartsWhatStoppedWithIt() throws Exception {
        String file = "{\"name\": \"kept\", \"nodes\": {\"k1\": {}}}";
        String token = admin(b());
        try {
            HttpResponse<String> started = call(b(), "POST", "/api/v1/topologies", token, file);
            assertEquals(started.body(), 202, started.statusCode());
            awaitRun(b(), token, json(started));

            SecondRuntime runtime = runtimeB();
            bReady = false;
            runtime.stop();
            runtime.start();
            awaitReady(b());
            bReady = true;

            JsonNode status = json(call(b(), "GET", "/api/v1/topologies/kept", token, null));
            assertEquals(status.toString(), "COMPLETED", status.get("lastRun").get("state").asText());
            assertFalse("its VM stopped with the runtime", status.get("deployment").get("hosts").get("local").get("vms")
                    .get("k1").get("running").asBoolean());
            HttpResponse<String> again = call(b(), "POST", "/api/v1/topologies", token, file);
            assertEquals(again.body(), 202, again.statusCode());
            JsonNode run = awaitRun(b(), token, json(again));
            assertEquals(1, run.get("steps").size());
            assertEquals("START_VM local k1", run.get("steps").get(0).get("key").asText());
            assertEquals("RUNNING", json(call(b(), "GET", "/api/v1/vms/k1", token, null)).get("state").asText());
        } finally {
            if (call(b(), "DELETE", "/api/v1/topologies/kept", token, null).statusCode() == 202) {
                await("kept destroyed", () -> call(b(), "GET", "/api/v1/topologies/kept", token, null).statusCode() == 404,
                        Duration.ofSeconds(60));
            }
        }
    }

    /** Waits for a topology run to end; it must have completed. */
    private JsonNode awaitRun(String base, String token, JsonNode started) {
        String path = "/api/v1/topologies/" + started.get("topology").asText() + "/runs/" + started.get("id").asText();
        await("run " + started.get("id").asText(), () -> !json(call(base, "GET", path, token, null)).get("state").asText()
                .equals("RUNNING"), Duration.ofSeconds(120));
        JsonNode run = json(call(base, "GET", path, token, null));
        assertEquals(run.toString(), "COMPLETED", run.get("state").asText());
        return run;
    }

    private void assertAccepted(String base, JsonNode login) {
        HttpResponse<String> current = call(base, "GET", "/api/v1/sessions/current", token(login), null);
        assertEquals(base + ": " + current.body(), 200, current.statusCode());
        assertEquals(login.get("session").get("id"), json(current).get("id"));
    }

    /** Refused on {@code base} within {@link #EVERYWHERE}, and still refused a few revalidations later. */
    private void assertRefusedFromNowOn(String base, JsonNode login) {
        Instant ended = Instant.now();
        await("the ended session to be refused on " + base,
                () -> call(base, "GET", "/api/v1/sessions/current", token(login), null).statusCode() == 401, EVERYWHERE);
        System.out.println("ClusterIT: refused on " + base + " after " + Duration.between(ended, Instant.now()).toMillis() + " ms");
        Instant until = Instant.now().plusSeconds(3);
        while (Instant.now().isBefore(until)) {
            HttpResponse<String> r = call(base, "GET", "/api/v1/vms", token(login), null);
            assertEquals(r.body(), 401, r.statusCode());
            assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
            assertEquals(401, json(r).get("status").asInt());
            assertTrue(r.headers().toString(), r.headers().firstValue("WWW-Authenticate").orElse("")
                    .startsWith("Bearer realm=\"mobitopolo\", error=\"invalid_token\""));
            pause(Duration.ofMillis(250));
        }
    }

    /**
     * Waits for a runtime's sessions service to log its administrator in (once the store has migrated
     * the database) and its REST endpoint to settle (its OpenAPI paths, sessions among them, hold
     * still for a second).
     */
    private void awaitReady(String base) {
        String[] last = {""};
        Instant[] since = {Instant.now()};
        try {
            await("the REST endpoint and sessions of " + base, () -> {
                try {
                    String admin = admin(base);
                    HttpResponse<String> doc = call(base, "GET", "/api/v1/openapi.json", admin, null);
                    String paths = doc.statusCode() == 200 ? json(doc).get("paths").toString() : "";
                    if (!paths.contains("\"/api/v1/sessions/current\"") || !paths.equals(last[0])) {
                        last[0] = paths;
                        since[0] = Instant.now();
                        return false;
                    }
                    return Duration.between(since[0], Instant.now()).toMillis() > 1000;
                } catch (UncheckedIOException | IOException notYet) {
                    return false; // not listening, no sessions service, or no password file yet
                }
            }, BOOT);
        } catch (AssertionError e) {
            if (!base.equals(b())) {
                throw e;
            }
            bDown = new AssertionError(e.getMessage() + "; B's log ends:\n" + runtimeB().logTail(40), e);
            throw bDown;
        }
    }

    /** A token of the runtime's administrator, logged in on first use. */
    private String admin(String base) throws IOException {
        String token = ADMIN_TOKENS.get(base);
        if (token == null) {
            HttpResponse<String> r = call(base, "POST", "/api/v1/sessions", null, "{\"user\": \"admin\", \"password\": \""
                    + (base.equals(b()) ? bAdminPassword() : aAdminPassword()) + "\"}");
            if (r.statusCode() != 201) {
                throw new IOException("no admin login on " + base + " yet: " + r.statusCode() + " " + r.body());
            }
            token = token(json(r));
            ADMIN_TOKENS.put(base, token);
        }
        return token;
    }

    private static final Map<String, String> ADMIN_TOKENS = new ConcurrentHashMap<>();

    private JsonNode login(String base, String user, String password) {
        HttpResponse<String> r = call(base, "POST", "/api/v1/sessions", null,
                "{\"user\": \"" + user + "\", \"password\": \"" + password + "\"}");
        assertEquals(base + ": " + r.body(), 201, r.statusCode());
        return json(r);
    }

    private HttpResponse<String> call(String base, String method, String path, String token, String jsonBody) {
        return send(base, method, path, jsonBody, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    private static String token(JsonNode login) {
        return login.get("token").asText();
    }

    private static String id(JsonNode login) {
        return login.get("session").get("id").asText();
    }

    private static String a() {
        return "http://127.0.0.1:" + System.getProperty("mobitopolo.itest.http.port");
    }

    private static String b() {
        return System.getProperty(B_URL);
    }

    private static String aAdminPassword() throws IOException {
        return Files.readString(Path.of(System.getProperty("karaf.data"), "mobitopolo", "admin.password")).strip();
    }

    /** Runtime B, as seen from inside A. */
    private static SecondRuntime runtimeB() {
        return new SecondRuntime(Path.of(System.getProperty(B_HOME)), bAdminPassword());
    }

    private static String bAdminPassword() {
        return System.getProperty(B_PASSWORD);
    }

}
