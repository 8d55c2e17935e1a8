package org.mobitopolo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.mobitopolo.api.security.Login;
import org.mobitopolo.api.security.Role;
import org.mobitopolo.api.security.Sessions;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Sessions in the distribution: users of the JAAS realm karaf (a viewer and an operator written into
 * etc/users.properties, the first administrator the runtime made itself) log in over REST, use the
 * token as bearer and as cookie, are held to their roles, logged out and revoked; their writes, refused
 * or not, are in the audit trail; every operation of the OpenAPI description needs a session.
 */
@RunWith(MobitopoloExam.class)
@ExamReactorStrategy(PerClass.class)
public class SessionIT extends MobitopoloTestSupport {
    @Inject
    private Sessions sessions;

    private static final String WEB_CFG = "etc/org.ops4j.pax.web.cfg";
    private static final String KEYSTORE_PASSWORD = "itest-keystore";

    @Override
    @Configuration
    public Option[] config() {
        Path keystore = Path.of("target/itest-https.p12").toAbsolutePath();
        String httpsPort = String.valueOf(freePort());
        newKeystore(keystore);
        return OptionUtils.combine(OptionUtils.combine(super.config(), otherPortsFree()),
                // no admin among them: the runtime makes its first administrator
                editConfigurationFilePut("etc/users.properties", "vic", "vic-pw,viewer"),
                editConfigurationFilePut("etc/users.properties", "oli", "oli-pw,operator"),
                editConfigurationFilePut("etc/users.properties", "sam", "sam-pw,ssh"),
                // HTTPS as the README documents it, beside HTTP
                editConfigurationFilePut(WEB_CFG, "org.osgi.service.http.secure.enabled", "true"),
                editConfigurationFilePut(WEB_CFG, "org.osgi.service.http.port.secure", httpsPort),
                editConfigurationFilePut(WEB_CFG, "org.ops4j.pax.web.ssl.keystore", keystore.toString()),
                editConfigurationFilePut(WEB_CFG, "org.ops4j.pax.web.ssl.keystore.type", "PKCS12"),
                editConfigurationFilePut(WEB_CFG, "org.ops4j.pax.web.ssl.keystore.password", KEYSTORE_PASSWORD),
                editConfigurationFilePut(WEB_CFG, "org.ops4j.pax.web.ssl.key.password", KEYSTORE_PASSWORD),
                editConfigurationFilePut(WEB_CFG, "org.ops4j.pax.web.ssl.key.alias", "mobitopolo"),
                systemProperty("mobitopolo.itest.https.port").value(httpsPort),
                systemProperty("mobitopolo.itest.keystore").value(keystore.toString()));
    }

    /** A self-signed certificate for localhost, made as the README tells a user to make one. */
    private static void newKeystore(Path keystore) {
        try {
            Files.deleteIfExists(keystore);
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "mobitopolo", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                    "-keystore", keystore.toString(), "-storepass", KEYSTORE_PASSWORD).redirectErrorStream(true).start();
            String out = new String(keytool.getInputStream().readAllBytes());
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Before
    public void restIsUp() {
        awaitStatus("/api/v1/health", 200, Duration.ofSeconds(60));
        awaitRestSettled();
    }

    @Test
    public void healthNeedsNothing() {
        HttpResponse<String> health = get("/api/v1/health");
        assertEquals(200, health.statusCode());
        assertEquals("up", json(health).get("status").asText());
    }

    @Test
    public void overHttpsALoginsCookiesAreSecure() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("mobitopolo.itest.keystore")))) {
            trusted.load(in, KEYSTORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest login = HttpRequest.newBuilder(URI.create("https://localhost:" + System.getProperty("mobitopolo.itest.https.port")
                + "/api/v1/sessions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"oli\",\"password\":\"oli-pw\"}")).build();
        HttpResponse<String> r = https.send(login, HttpResponse.BodyHandlers.ofString());
        assertEquals(r.body(), 201, r.statusCode());
        List<String> cookies = r.headers().allValues("Set-Cookie");
        assertEquals(cookies.toString(), 2, cookies.stream().filter(c -> c.endsWith("; Secure")).count());
    }

    @Test
    public void theFirstAdministratorsPasswordFileIsTheOwnersAloneAndLogsIn() throws IOException {
        Path file = Path.of(System.getProperty("karaf.data"), "mobitopolo", "admin.password");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        HttpResponse<String> login = login("admin", Files.readString(file).strip());
        assertEquals(login.body(), 201, login.statusCode());
        assertEquals("admin", json(login).get("session").get("role").asText());
    }

    @Test
    public void aLoginAnswersTokenCookiesAndSession() {
        HttpResponse<String> login = login("oli", "oli-pw");
        assertEquals(login.body(), 201, login.statusCode());
        JsonNode body = json(login);
        String token = body.get("token").asText();
        assertEquals(43, token.length());
        assertEquals("operator", body.get("session").get("role").asText());
        assertEquals("oli", body.get("session").get("user").asText());
        List<String> cookies = login.headers().allValues("Set-Cookie");
        assertTrue(cookies.toString(), cookies.stream().anyMatch(c -> c.startsWith("mobi_session=" + token + ";")
                && c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.contains("Path=/")));
        assertTrue(cookies.toString(), cookies.stream().anyMatch(c -> c.startsWith("mobi_csrf=")
                && !c.contains("HttpOnly") && c.contains("SameSite=Strict")));

        HttpResponse<String> current = send("GET", "/api/v1/sessions/current", null, Map.of("Authorization", "Bearer " + token));
        assertEquals(current.body(), 200, current.statusCode());
        assertEquals(body.get("session").get("id"), json(current).get("id"));
    }

    @Test
    public void wrongPasswordsAre401AndRepeatedOnes429() {
        HttpResponse<String> wrong = login("vic", "nope");
        assertProblem(wrong, 401);
        assertTrue(wrong.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer realm=\"mobitopolo\""));
        assertProblem(login("sam", "sam-pw"), 403); // right password, no platform role
        HttpResponse<String> last = wrong;
        for (int i = 0; i < 5 && last.statusCode() != 429; i++) {
            last = login("nobody", "guess" + i);
        }
        assertProblem(last, 429);
        long wait = Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow());
        assertTrue("Retry-After " + wait, wait >= 1 && wait <= 30);
        // once the wait is over the right password works, and clears this address for the other tests
        try {
            Thread.sleep(wait * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertEquals(201, login("vic", "vic-pw").statusCode());
    }

    @Test
    public void theCookieNeedsTheCsrfHeaderForWritesAndLogoutEndsTheSession() {
        HttpResponse<String> login = login("oli", "oli-pw");
        String token = json(login).get("token").asText();
        String csrf = cookie(login, "mobi_csrf");
        Map<String, String> cookie = Map.of("Cookie", "mobi_session=" + token + "; mobi_csrf=" + csrf);
        assertEquals(200, send("GET", "/api/v1/vms", null, cookie).statusCode());
        // a write with the cookie and without the header: refused before the resource is reached
        assertProblem(send("POST", "/api/v1/networks", "{\"name\":\"csrf1\"}", cookie), 403);
        Map<String, String> withHeader = Map.of("Cookie", "mobi_session=" + token + "; mobi_csrf=" + csrf, "X-CSRF-Token", csrf);
        HttpResponse<String> created = send("POST", "/api/v1/networks", "{\"name\":\"csrf1\"}", withHeader);
        assertTrue(created.body(), created.statusCode() == 201 || created.statusCode() == 200);
        assertEquals(204, send("DELETE", "/api/v1/networks/csrf1", null, withHeader).statusCode());

        assertEquals(204, send("DELETE", "/api/v1/sessions/current", null, withHeader).statusCode());
        assertProblem(send("GET", "/api/v1/vms", null, Map.of("Authorization", "Bearer " + token)), 401);
    }

    @Test
    public void aViewerCannotWriteNorAdminister() {
        String viewer = token("vic", "vic-pw");
        Map<String, String> auth = Map.of("Authorization", "Bearer " + viewer);
        assertEquals(200, send("GET", "/api/v1/vms", null, auth).statusCode());
        assertProblem(send("POST", "/api/v1/networks", "{\"name\":\"v1\"}", auth), 403);
        assertProblem(send("GET", "/api/v1/sessions", null, auth), 403);
        assertProblem(send("GET", "/api/v1/vms", null, Map.of("Authorization", "Bearer " + "x".repeat(43))), 401);
    }

    @Test
    public void adminsRevokeSessionsOverRestAndOnTheConsole() throws IOException {
        String admin = token("admin", Files.readString(Path.of(System.getProperty("karaf.data"), "mobitopolo", "admin.password")).strip());
        Map<String, String> asAdmin = Map.of("Authorization", "Bearer " + admin);
        JsonNode first = json(login("vic", "vic-pw"));
        JsonNode second = json(login("vic", "vic-pw"));
        HttpResponse<String> list = send("GET", "/api/v1/sessions", null, asAdmin);
        assertEquals(list.body(), 200, list.statusCode());
        assertTrue(list.body().contains(first.get("session").get("id").asText()));

        assertEquals(204, send("DELETE", "/api/v1/sessions/" + first.get("session").get("id").asText(), null, asAdmin).statusCode());
        awaitRefused(first.get("token").asText());
        assertProblem(send("DELETE", "/api/v1/sessions/nosuchsession", null, asAdmin), 404);

        String id = second.get("session").get("id").asText();
        assertTrue(execute("mobi:session-list").contains(id));
        String out = execute("mobi:session-revoke " + id);
        assertTrue(out, out.contains(id + ": revoked"));
        awaitRefused(second.get("token").asText());
    }

    @Test
    public void writesAndRefusedWritesAreInTheAuditTrailWhichOnlyAdminsRead() throws IOException {
        long since = System.currentTimeMillis();
        assertProblem(login("oli", "not-oli-pw"), 401);
        Map<String, String> operator = Map.of("Authorization", "Bearer " + token("oli", "oli-pw"));
        Map<String, String> viewer = Map.of("Authorization", "Bearer " + token("vic", "vic-pw"));
        Map<String, String> admin = Map.of("Authorization", "Bearer " + token("admin",
                Files.readString(Path.of(System.getProperty("karaf.data"), "mobitopolo", "admin.password")).strip()));
        HttpResponse<String> created = send("POST", "/api/v1/networks", "{\"name\":\"audit1\"}", operator);
        assertTrue(created.body(), created.statusCode() == 201 || created.statusCode() == 200);
        assertProblem(send("POST", "/api/v1/networks", "{\"name\":\"audit2\"}", viewer), 403);
        assertEquals(204, send("DELETE", "/api/v1/networks/audit1", null, operator).statusCode());

        HttpResponse<String> trail = send("GET", "/api/v1/audit?since=" + since, null, admin);
        assertEquals(trail.body(), 200, trail.statusCode());
        List<String> seen = new ArrayList<>();
        for (JsonNode e : json(trail)) {
            seen.add(e.get("user").asText() + " " + e.get("role").asText() + " " + e.get("action").asText() + " "
                    + e.get("status").asInt());
        }
        // newest first; reads (the GET above) are not recorded
        assertEquals(List.of("oli operator DELETE /api/v1/networks/audit1 204",
                "vic viewer POST /api/v1/networks 403",
                "oli operator POST /api/v1/networks " + created.statusCode(),
                "admin admin POST /api/v1/sessions 201",
                "vic viewer POST /api/v1/sessions 201",
                "oli operator POST /api/v1/sessions 201",
                "unknown - POST /api/v1/sessions 401"), seen);
        JsonNode refused = json(send("GET", "/api/v1/audit?user=vic&limit=1", null, admin)).get(0);
        assertEquals("POST /api/v1/networks", refused.get("action").asText());
        assertEquals("where the call came from", "127.0.0.1", refused.get("clientAddress").asText());
        assertTrue(refused.toString(), refused.get("detail").asText().contains("needs the role operator"));
        assertFalse(trail.body(), trail.body().contains("not-oli-pw"));

        assertProblem(send("GET", "/api/v1/audit", null, viewer), 403);
        HttpResponse<String> badLimit = send("GET", "/api/v1/audit?limit=5000", null, admin);
        assertProblem(badLimit, 400);
        assertTrue(badLimit.body(), json(badLimit).get("detail").asText().contains("limit must be a whole number from 1 to 1000"));
        assertProblem(send("GET", "/api/v1/audit?since=yesterday", null, admin), 400);

        String vic = execute("mobi:audit --user vic --limit 5");
        assertTrue(vic, vic.contains("POST /api/v1/networks") && vic.contains("403") && !vic.contains("oli"));
        String all = execute("mobi:audit");
        assertTrue(all, all.contains("DELETE /api/v1/networks/audit1") && all.contains("204"));
        // the refusal is a warning on the audit logger, which the distribution writes to data/log/karaf.log
        Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
        await("the refusal on the audit log", () -> {
            try {
                return Files.readString(log).contains("403 POST /api/v1/networks by vic (viewer)");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Duration.ofSeconds(10));
    }

    @Test
    public void loginWorksWhateverTheCallersContextClassLoader() {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        // a loader that sees nothing: JAAS must not depend on the caller's
        t.setContextClassLoader(new URLClassLoader(new URL[0], null));
        try {
            Login login = sessions.login("vic", "vic-pw", "127.0.0.1");
            assertEquals(Role.VIEWER, login.session().role());
            assertTrue(sessions.logout(login.token()));
        } finally {
            t.setContextClassLoader(before);
        }
    }

    @Test
    public void everyOperationNeedsASessionAndAViewerWritesNothing() {
        String viewer = token("vic", "vic-pw");
        HttpResponse<String> doc = send("GET", "/api/v1/openapi.json", null, Map.of("Authorization", "Bearer " + viewer));
        assertEquals(doc.body(), 200, doc.statusCode());
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = json(doc).get("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            String concrete = path.getKey().replaceAll("\\{[^}]+}", "x");
            for (Iterator<String> verbs = path.getValue().fieldNames(); verbs.hasNext();) {
                String verb = verbs.next().toUpperCase();
                boolean open = (concrete.equals("/api/v1/sessions") && verb.equals("POST")) || concrete.equals("/api/v1/health");
                if (open) {
                    continue;
                }
                String body = verb.equals("GET") || verb.equals("DELETE") ? null : "{}";
                HttpResponse<String> anonymous = send(verb, concrete, body, Map.of());
                assertProblem(anonymous, 401);
                assertTrue(verb + " " + concrete, anonymous.headers().firstValue("WWW-Authenticate").isPresent());
                // (a viewer may end its own session: DELETE /sessions/current is logout, tested above)
                if (!verb.equals("GET") && !concrete.equals("/api/v1/sessions/current")) {
                    HttpResponse<String> refused = send(verb, concrete, body, Map.of("Authorization", "Bearer " + viewer));
                    assertProblem(refused, 403);
                    assertTrue(verb + " " + concrete, refused.headers().firstValue("WWW-Authenticate").orElse("")
                            .endsWith("error=\"insufficient_scope\""));
                }
                checked++;
            }
        }
        assertTrue("operations checked: " + checked, checked > 40);
        assertEquals(200, send("GET", "/api/v1/health", null, Map.of()).statusCode());
        // a path no resource answers is refused before matching, so nothing tells an anonymous caller what exists
        assertProblem(send("GET", "/api/v1/no-such-thing", null, Map.of()), 401);
    }

    private void awaitRefused(String token) {
        await("the revoked token to be refused", () -> send("GET", "/api/v1/vms", null,
                Map.of("Authorization", "Bearer " + token)).statusCode() == 401, Duration.ofSeconds(2));
    }

    private static String cookie(HttpResponse<String> response, String name) {
        for (String c : response.headers().allValues("Set-Cookie")) {
            if (c.startsWith(name + "=")) {
                return c.substring(name.length() + 1, c.indexOf(';'));
            }
        }
        throw new AssertionError("no cookie " + name + " in " + response.headers());
    }

    private HttpResponse<String> login(String user, String password) {
        return send("POST", "/api/v1/sessions", "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}", Map.of());
    }

    private String token(String user, String password) {
        HttpResponse<String> login = login(user, password);
        assertEquals(login.body(), 201, login.statusCode());
        return json(login).get("token").asText();
    }

    private static void assertProblem(HttpResponse<String> r, int status) {
        assertEquals(r.request().method() + " " + r.uri() + ": " + r.body(), status, r.statusCode());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertEquals(status, json(r).get("status").asInt());
        assertFalse(json(r).get("detail").asText().isEmpty());
    }

    private HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) {
        return send(base(), method, path, body, headers);
    }
}
