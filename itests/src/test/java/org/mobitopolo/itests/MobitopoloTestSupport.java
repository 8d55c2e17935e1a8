package org.mobitopolo.itests;

import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.security.auth.Subject;
import javax.inject.Inject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * Boots the assembled Mobitopolo distribution (the very archive the build produced) and talks to
 * it as a user does: HTTP on its REST port, commands on its console.
 */
public abstract class MobitopoloTestSupport {
    private static final String PORT_PROPERTY = "mobitopolo.itest.http.port";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    protected SessionFactory sessionFactory;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Configuration
    public Option[] config() {
        File distribution = new File(System.getProperty("mobitopolo.distribution"));
        if (!distribution.isFile()) {
            throw new IllegalStateException("build the distribution first: " + distribution);
        }
        String repo = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        String port = String.valueOf(freePort());
        // here too, for tests that run beside the container rather than in it (Pax Exam's server mode: WebIT)
        System.setProperty(PORT_PROPERTY, port);
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(distribution.toURI().toString())
                    .name("Mobitopolo")
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.WARN),
            // Same JVM setting as the distribution's bin/setenv: some bundles carry zip extra fields JDK 17 rejects.
            vmOption("-Djdk.util.zip.disableZip64ExtraFieldValidation=true"),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", port),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", repo),
            systemProperty(PORT_PROPERTY).value(port),
            // For tests that start a second host from the same distribution.
            systemProperty("mobitopolo.distribution").value(distribution.getAbsolutePath()),
        };
    }

    /** The ports a runtime takes besides HTTP, moved off their defaults: another runtime may hold them on this host. */
    protected static Option[] otherPortsFree() {
        return new Option[] {
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(freePort())),
            editConfigurationFilePut("etc/org.mobitopolo.transport.udp.cfg", "vxlanPort", String.valueOf(freePort())),
        };
    }

    protected static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This distribution's REST endpoint, e.g. {@code http://localhost:8181}. */
    protected static String base() {
        return "http://localhost:" + System.getProperty(PORT_PROPERTY);
    }

    /** Sends an HTTP request to the distribution's REST endpoint as its administrator. */
    protected HttpResponse<String> http(String method, String path, String jsonBody) {
        return http(base(), method, path, jsonBody);
    }

    /**
     * Sends an HTTP request to a Mobitopolo REST endpoint at {@code base}, e.g. another host's, with
     * a session of its administrator: logged in on first use with the password the runtime wrote to
     * its data directory ({@link #knownHost}), and again when the session has ended meanwhile.
     */
    protected HttpResponse<String> http(String base, String method, String path, String jsonBody) {
        HttpResponse<String> response = send(base, method, path, jsonBody, Map.of("Authorization", "Bearer " + token(base)));
        if (response.statusCode() == 401) {
            TOKENS.remove(base); // e.g. a test revoked every session
            response = send(base, method, path, jsonBody, Map.of("Authorization", "Bearer " + token(base)));
        }
        return response;
    }

    /** Where the runtime answering at {@code base} keeps its data: its administrator's password is there. */
    protected static void knownHost(String base, Path dataDir) {
        DATA_DIRS.put(base, dataDir);
        TOKENS.remove(base);
    }

    private static final Map<String, Path> DATA_DIRS = new ConcurrentHashMap<>();
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    /** An administrator's token for the runtime at {@code base}; waits for its first start to create the user. */
    protected String token(String base) {
        return TOKENS.computeIfAbsent(base, b -> {
            Path dataDir = b.equals(base()) ? Path.of(System.getProperty("karaf.data")) : DATA_DIRS.get(b);
            if (dataDir == null) {
                throw new IllegalStateException("no data directory known for " + b + ": call knownHost first");
            }
            Path passwordFile = dataDir.resolve("mobitopolo/admin.password");
            String[] token = {null};
            await("a login as admin on " + b, () -> {
                try {
                    if (!Files.isReadable(passwordFile)) {
                        return false;
                    }
                    String login = "{\"user\":\"admin\",\"password\":\"" + Files.readString(passwordFile).strip() + "\"}";
                    HttpResponse<String> r = send(b, "POST", "/api/v1/sessions", login, Map.of());
                    if (r.statusCode() == 201) {
                        token[0] = json(r).get("token").asText();
                    }
                    return token[0] != null;
                } catch (IOException | UncheckedIOException notYet) {
                    return false; // the password file is being written, or HTTP is not up yet
                }
            }, Duration.ofSeconds(90));
            return token[0];
        });
    }

    /** Sends an HTTP request with exactly the given headers: no session unless they carry one. */
    protected HttpResponse<String> send(String base, String method, String path, String jsonBody, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        if (jsonBody == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        return send(request.build());
    }

    /** Sends a request exactly as built (for bodies other than JSON); the body comes back as text. */
    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpResponse<String> get(String path) {
        return http("GET", path, null);
    }

    /** Waits until a GET answers with the given status, as the REST endpoint comes up after boot. */
    protected HttpResponse<String> awaitStatus(String path, int status, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpResponse<String> last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                last = get(path);
                if (last.statusCode() == status) {
                    return last;
                }
            } catch (UncheckedIOException notListeningYet) {
                // the HTTP service starts asynchronously
            }
            pause();
        }
        fail("GET " + path + " did not answer " + status + " within " + timeout + "; last: "
                + (last == null ? "no answer" : last.statusCode() + " " + last.body()));
        return last;
    }

    /**
     * Waits until the REST endpoint has settled: the whiteboard rebuilds the application whenever a
     * resource arrives, and answers a bare 404 meanwhile. Settled is: the OpenAPI description
     * answers and lists the same paths twice, a second apart.
     */
    protected void awaitRestSettled() {
        if (settled) {
            return; // once per container: later changes are the tests' own
        }
        String[] last = {""};
        long[] stableSince = {0};
        await("the REST endpoint to settle", () -> {
            String paths;
            try {
                HttpResponse<String> doc = get("/api/v1/openapi.json");
                paths = doc.statusCode() == 200 ? json(doc).get("paths").toString() : "";
            } catch (UncheckedIOException notListeningYet) {
                paths = "";
            }
            long now = System.nanoTime();
            if (paths.isEmpty() || !paths.equals(last[0])) {
                last[0] = paths;
                stableSince[0] = now;
                return false;
            }
            return now - stableSince[0] > 1_000_000_000L;
        }, Duration.ofSeconds(90));
        settled = true;
    }

    private static volatile boolean settled;

    protected static void await(String what, BooleanSupplier condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            pause();
        }
    }

    private static void pause() {
        pause(Duration.ofMillis(100));
    }

    /** Sleeps; an interrupt fails the test. */
    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits for the topology run that {@code started} answers (a deploy's or destroy's body) to end on
     * this runtime, and returns it as it ended.
     */
    protected JsonNode awaitTopologyRun(JsonNode started, Duration timeout) {
        String path = "/api/v1/topologies/" + started.get("topology").asText() + "/runs/" + started.get("id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) { // the runtime answers once the run has ended, or after ?wait= (under the client's 30 s)
            long left = Math.max(1, Math.min(20, (deadline - System.nanoTime()) / 1_000_000_000L));
            JsonNode run = json(get(path + "?wait=" + left));
            if (!run.get("state").asText().equals("RUNNING")) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + started.get("id").asText() + " did not end within " + timeout + ": " + run);
            }
        }
    }

    /** The runtime's default image directory. */
    protected static Path imageDir() {
        return Path.of(System.getProperty("karaf.data"), "mobitopolo", "images");
    }

    /** Everything in the image directory, hidden files (uploads and builds in progress) too. */
    protected static List<String> imageDirEntries() {
        try (Stream<Path> entries = Files.list(imageDir())) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /**
     * Runs a console command as the administrator (commands like {@code feature:install} are
     * guarded by role) and returns what it printed; a failing command's message is returned too.
     */
    protected String execute(String command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(System.in, out, out);
        Subject admin = new Subject();
        admin.getPrincipals().add(new UserPrincipal("karaf"));
        admin.getPrincipals().add(new RolePrincipal("admin"));
        try {
            Subject.doAs(admin, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
        } catch (PrivilegedActionException e) {
            out.println("ERROR: " + e.getException().getMessage());
        } catch (RuntimeException e) {
            out.println("ERROR: " + e.getMessage());
        } finally {
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Pings from a VM's console and reads busybox's "round-trip min/avg/max" line. */
    protected double pingAverageMillis(String vm, String target, String tag) {
        execute("mobi:vm-type " + vm + " 'ping -c 4 " + target + " | sed s/round-trip/" + tag + "-rtt/'");
        String[] line = new String[1];
        await(tag + " ping summary", () -> {
            for (JsonNode l : json(get("/api/v1/vms/" + vm + "/console?lines=50"))) {
                if (l.asText().startsWith(tag + "-rtt")) {
                    line[0] = l.asText();
                    return true;
                }
            }
            return false;
        }, Duration.ofSeconds(30));
        // e.g. "first-rtt min/avg/max = 0.512/0.600/0.700 ms"
        return Double.parseDouble(line[0].split("=")[1].trim().split("/")[1]);
    }
}
