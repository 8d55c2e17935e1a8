package org.mobitopolo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
 * Images built from Debian packages (mmdebstrap from Debian's mirror, mke2fs -d): one built from
 * {@code squid} boots as a UML VM and as a QEMU VM, and each one's squid serves a file twice to a
 * client VM, the second time from its cache ({@code X-Cache: HIT}). The content server is the default
 * busybox guest's httpd; everything talks over one virtual network of the UDP switch.
 *
 * <p>The cache of .debs is kept in {@code itests/target/image-builds}, so that a second run downloads
 * nothing; the first downloads about 40 MiB.
 */
@RunWith(MobitopoloExam.class)
@ExamReactorStrategy(PerClass.class)
public class ImageBuildIT extends MobitopoloTestSupport {
    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final Duration BUILD = Duration.ofMinutes(15);
    private static final String IMAGE = "squid-img";
    private static final String BUILD_DIR = "mobitopolo.itest.buildDir";

    @Override
    @Configuration
    public Option[] config() {
        String buildDir = new File("target/image-builds").getAbsolutePath();
        return OptionUtils.combine(OptionUtils.combine(super.config(), otherPortsFree()),
                editConfigurationFilePut("etc/org.mobitopolo.images.cfg", "buildDir", buildDir),
                systemProperty(BUILD_DIR).value(buildDir),
                systemProperty("mobitopolo.itest.examples").value(new File("../examples").getAbsolutePath()),
                // a Debian root under TCG, with squid starting, takes longer than the busybox guest
                editConfigurationFilePut("etc/org.mobitopolo.hypervisor.qemu.cfg", "readyTimeoutSeconds", "180"),
                editConfigurationFilePut("etc/org.mobitopolo.hypervisor.uml.cfg", "readyTimeoutSeconds", "90"));
    }

    @Before
    public void imagesResourceIsUp() {
        awaitStatus("/api/v1/images", 200, BOOT);
        awaitRestSettled();
    }

    @After
    public void removeEverything() {
        for (JsonNode vm : json(get("/api/v1/vms"))) {
            http("DELETE", "/api/v1/vms/" + vm.get("spec").get("name").asText(), null);
        }
        http("DELETE", "/api/v1/networks/lab", null);
        for (JsonNode image : json(get("/api/v1/images"))) {
            http("DELETE", "/api/v1/images/" + image.get("name").asText(), null);
        }
    }



    private boolean consoleShows(String vm, String text) {
        return get("/api/v1/vms/" + vm + "/console?lines=300").body().contains(text);
    }

    /** Types a line and waits for {@code marker} on the console: the line's own echo does not count, it is written $((…)). */
    private void type(String vm, String line, String marker) {
        execute("mobi:vm-type " + vm + " '" + line + "'");
        await(marker + " on " + vm, () -> consoleShows(vm, marker), Duration.ofSeconds(60));
    }

    @Test
    public void anImageBuiltFromSquidBootsInUmlAndQemuAndItsSquidServesACachedFetch() {
        long t0 = System.nanoTime();
        String built = execute("mobi:image-build " + IMAGE + " --packages squid");
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(built, built.contains(IMAGE + ": built in") || built.contains("already built"));
        assertTrue(built, built.contains("installing the packages (mmdebstrap)") && built.contains("making the ext4 image"));
        assertFalse(built, built.contains("ERROR"));
        JsonNode status = json(get("/api/v1/images/" + IMAGE + "/build"));
        assertEquals(status.toString(), "COMPLETED", status.get("state").asText());
        assertEquals("[\"squid\"]", status.get("packages").toString());
        long imageBytes = status.get("imageBytes").asLong();
        System.out.print(built);
        System.out.printf("ImageBuildIT: squid image built in %.1f s: %d MiB image, %d MiB of files, %d MiB downloaded%n",
                buildSeconds, imageBytes >> 20, status.get("bytes").asLong() >> 20, status.get("downloadedBytes").asLong() >> 20);
        JsonNode listed = json(get("/api/v1/images/" + IMAGE));
        assertEquals("FILE", listed.get("kind").asText());
        assertEquals(imageBytes, listed.get("sizeBytes").asLong());
        // progress went out as OSGi events too (Karaf's collector keeps the last 100 of any topic)
        String events = execute("event:display -v org/mobitopolo/image/BUILD");
        assertTrue(events, events.contains("org/mobitopolo/image/BUILD") && events.contains("DONE"));

        // the same packages again: the library's image, nothing built
        HttpResponse<String> again = http("POST", "/api/v1/images/squid-copy/build", "{\"packages\": [\"squid\", \"squid\"]}");
        assertEquals(again.body(), 200, again.statusCode());
        assertTrue(again.body(), json(again).get("cached").asBoolean());
        assertEquals(IMAGE, json(again).get("cachedFrom").asText());
        assertTrue(again.headers().firstValue("Location").orElse("").endsWith("/api/v1/images/squid-copy/build"));
        String twice = execute("mobi:image-build " + IMAGE + " -p squid");
        assertTrue(twice, twice.contains(IMAGE + ": already built from the same packages"));

        assertEquals(201, http("POST", "/api/v1/networks", "{\"name\": \"lab\"}").statusCode());
        // the content: an old file, so squid's heuristic holds it fresh (Last-Modified years ago)
        String origin = execute("mobi:vm-create --start -p ip=10.9.0.1/24 -p http=80 -n 02:00:00:09:00:01@lab origin");
        assertTrue(origin, origin.contains("origin: ready in"));
        type("origin", "echo cached-content-$((40 + 2)) > /var/www/obj.txt; touch -d \"2020-01-01 00:00:00\" /var/www/obj.txt;"
                + " echo made-$((1 + 1))", "made-2");
        String client = execute("mobi:vm-create --start -p ip=10.9.0.9/24 -n 02:00:00:09:00:09@lab client");
        assertTrue(client, client.contains("client: ready in"));

        String uml = execute("mobi:vm-create --start -m 256 -i " + IMAGE + " -p ip=10.9.0.2/24 -p run=squid -n 02:00:00:09:00:02@lab sq-uml");
        assertTrue(uml, uml.contains("sq-uml: ready in"));
        assertTrue(consoleShows("sq-uml", "mobi-run: squid started"));
        cachedFetchThrough("sq-uml", "10.9.0.2", "u");
        // the UML VM runs on: its whole-file read lock on the base does not keep QEMU from the same image

        String qemu = execute("mobi:vm-create --start -t qemu -m 256 -i " + IMAGE
                + " -p ip=10.9.0.4/24 -p run=squid -n 52:54:00:09:00:04@lab sq-qemu");
        assertTrue(qemu, qemu.contains("sq-qemu: ready in"));
        assertTrue(consoleShows("sq-qemu", "mobi-run: squid started"));
        cachedFetchThrough("sq-qemu", "10.9.0.4", "q");
        System.out.println("ImageBuildIT: boots of the squid image: UML " + readyIn(uml) + ", QEMU (TCG) " + readyIn(qemu));

        HttpResponse<String> inUse = http("DELETE", "/api/v1/images/" + IMAGE, null);
        assertEquals(inUse.body(), 409, inUse.statusCode());
    }

    private static String readyIn(String created) {
        return created.lines().filter(l -> l.contains("ready in")).findFirst().orElse("?").replaceAll(".*ready in ", "");
    }

    /** The client fetches the origin's file twice through the squid at {@code proxy}: a miss, then a hit from its cache. */
    private void cachedFetchThrough(String vm, String proxy, String tag) {
        // Debian's squid serves only localhost; the lab's 10.x is its "localnet"
        type(vm, "echo \"http_access allow localnet\" > /etc/squid/conf.d/lab.conf && squid -k reconfigure && sleep 2"
                + " && echo reconfigured-$((3 * 3))", "reconfigured-9");
        for (int round = 1; round <= 2; round++) {
            String prefix = tag + round + "-";
            // busybox wget: -S prints the headers, the proxy comes from http_proxy
            execute("mobi:vm-type client 'http_proxy=http://" + proxy + ":3128 wget -S -O - http://10.9.0.1/obj.txt 2>&1"
                    + " | sed s/^/" + prefix + "/'");
            String p = prefix;
            await("fetch " + prefix + " through " + vm, () -> consoleLines("client").stream()
                    .anyMatch(l -> l.startsWith(p) && l.contains("cached-content-42")), Duration.ofSeconds(60));
        }
        String first = xCache("client", tag + "1-");
        String second = xCache("client", tag + "2-");
        assertTrue(first, first.contains("MISS from " + vm));
        assertTrue(second, second.contains("HIT from " + vm));
        // squid writes its access log through a helper, in its own time: a rotation (logfile_rotate 0: a reopen) flushes it
        type(vm, "for i in 1 2 3 4 5 6; do grep -q TCP_.*HIT /var/log/squid/access.log 2>/dev/null && break; squid -k rotate; sleep 1;"
                + " done; grep -c TCP_.*HIT /var/log/squid/access.log | sed s/^/hits-/; echo counted-$((5 * 5))", "counted-25");
        assertTrue(consoleLines(vm).toString(), consoleLines(vm).contains("hits-1"));
    }

    private List<String> consoleLines(String vm) {
        JsonNode lines = json(get("/api/v1/vms/" + vm + "/console?lines=300"));
        return IntStream.range(0, lines.size()).mapToObj(i -> lines.get(i).asText().strip()).collect(Collectors.toList());
    }

    private String xCache(String vm, String prefix) {
        return consoleLines(vm).stream().filter(l -> l.startsWith(prefix) && l.toLowerCase().contains("x-cache:"))
                .findFirst().orElse("no X-Cache header in " + consoleLines(vm));
    }

    @Test
    public void aTopologyBuildsTheImageItsNodeNeedsAndTheGuestAgentRunsCommandsInIt() {
        String file = """
                name: squidlab
                images:
                  squid-lab: {packages: [squid]}
                networks: {lab: {subnet: 10.9.0.0/24}}
                nodes:
                  sq: {image: squid-lab, memoryMb: 256, params: {run: squid}, nics: [{network: lab, address: 10.9.0.2/24}]}
                """;
        HttpResponse<String> started = http("POST", "/api/v1/topologies", file);
        assertEquals(started.body(), 202, started.statusCode());
        JsonNode run = awaitTopologyRun(json(started), BUILD);
        assertEquals(run.toString(), "COMPLETED", run.get("state").asText());
        assertEquals(run.toString(), "BUILD_IMAGE", run.get("steps").get(0).get("kind").asText());
        assertEquals("COMPLETED", json(get("/api/v1/images/squid-lab/build")).get("state").asText());
        assertTrue(consoleShows("sq", "mobi-run: squid started"));
        // the agent in a Debian root (GNU coreutils' base64, stty and timeout before busybox's): squid answers its own check
        HttpResponse<String> check = http("POST", "/api/v1/vms/sq/exec", "{\"argv\": [\"squid\", \"-k\", \"check\"], "
                + "\"timeoutSeconds\": 30}");
        assertEquals(check.body(), 200, check.statusCode());
        assertEquals(check.body(), 0, json(check).get("exitCode").asInt());
        String whoami = execute("mobi:vm-exec sq -- sh -c 'ls /etc/mobitopolo; id -un'");
        assertTrue(whoami, whoami.contains("image") && whoami.contains("root"));

        JsonNode again = json(http("POST", "/api/v1/topologies?dryRun=true", file));
        assertEquals(again.toString(), "no changes", again.get("summary").asText());
        JsonNode destroyed = awaitTopologyRun(json(http("DELETE", "/api/v1/topologies/squidlab", null)), BOOT);
        assertEquals(destroyed.toString(), "COMPLETED", destroyed.get("state").asText());
    }

    /**
     * The seed's experiment as examples/protocol-handler/ has it, cut down to two sites and three repetitions:
     * its image built, prepared, cut once, every repetition deployed from the cut and measured by the agents.
     */
    @Test
    public void theProtocolHandlerExperimentRunsThreeRepetitionsOfEachSiteFromOneCut() throws IOException {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty(BUILD_DIR)), "experiment");
        Path examples = Path.of(System.getProperty("mobitopolo.itest.examples"), "protocol-handler");
        Files.copy(examples.resolve("protocol-handler.mobi.yml"), dir.resolve("protocol-handler.mobi.yml"));
        // the file as it is, but 3 repetitions and the cells of two sites (each cell is a "  - name:" block)
        String[] parts = Files.readString(examples.resolve("sites.experiment.yml")).replace("repetitions: 24", "repetitions: 3")
                .split("(?m)^(?=  - name: )|(?m)^(?=measurements:)");
        StringBuilder experiment = new StringBuilder();
        for (String part : parts) {
            if (!part.startsWith("  - name: ") || part.startsWith("  - name: texas") || part.startsWith("  - name: florida")) {
                experiment.append(part);
            }
        }
        Path file = dir.resolve("two-sites.experiment.yml");
        Files.writeString(file, experiment);

        String out = execute("mobi:experiment-run " + file);
        System.out.print(out);
        assertTrue(out, out.contains("cut protocol-handler-") && out.contains("completed: 6 of 6 repetitions"));
        Path results = Path.of(out.lines().filter(l -> l.contains("results in ")).findFirst().orElseThrow()
                .replaceAll(".*results in ", "").strip());
        List<String> rows = Files.readAllLines(results.resolve("results.csv"));
        assertEquals(rows.toString(), 1 + 6 * 6, rows.size());
        assertTrue(rows.toString(), rows.stream().skip(1).allMatch(r -> r.contains(",true,")));
        byte[] png = Files.readAllBytes(results.resolve("plot.png"));
        assertEquals("\u0089PNG", new String(png, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
        // the emulated sites show: Texas is 177 ms from Tokyo, Florida 203; the cached fetch beats the first
        List<String> summary = Files.readAllLines(results.resolve("summary.csv"));
        double texasLa = mean(summary, "texas", "VM-La-T");
        double floridaLa = mean(summary, "florida", "VM-La-T");
        assertTrue(summary.toString(), texasLa > 170 && texasLa < 200 && floridaLa > 198 && floridaLa < 225);
        assertTrue(summary.toString(), mean(summary, "texas", "cached-File-Th") > mean(summary, "texas", "File-Th"));
        assertEquals("the experiment leaves no topology behind", "[]", get("/api/v1/topologies").body().replaceAll("\\s", ""));
    }

    private static double mean(List<String> summary, String cell, String measurement) {
        return summary.stream().filter(l -> l.startsWith(cell + "," + measurement + ",")).map(l -> Double.parseDouble(l.split(",")[4]))
                .findFirst().orElseThrow(() -> new AssertionError("no " + cell + " " + measurement + " in " + summary));
    }

    @Test
    public void badBuildsAreRefusedAndAFailedOneLeavesNothing() {
        HttpResponse<String> badPackage = http("POST", "/api/v1/images/x/build", "{\"packages\": [\"squid\", \"squid;reboot\"]}");
        assertEquals(badPackage.body(), 400, badPackage.statusCode());
        assertTrue(badPackage.body(), json(badPackage).get("detail").asText().contains("\"squid;reboot\""));
        String many = IntStream.rangeClosed(1, 65).mapToObj(i -> "\"pkg" + i + "\"").collect(Collectors.joining(","));
        HttpResponse<String> tooMany = http("POST", "/api/v1/images/x/build", "{\"packages\": [" + many + "]}");
        assertEquals(tooMany.body(), 400, tooMany.statusCode());
        HttpResponse<String> badName = http("POST", "/api/v1/images/.hidden/build", "{\"packages\": [\"squid\"]}");
        assertEquals(badName.body(), 400, badName.statusCode());
        HttpResponse<String> unknownField = http("POST", "/api/v1/images/x/build", "{\"packages\": [\"squid\"], \"root\": true}");
        assertEquals(unknownField.body(), 400, unknownField.statusCode());
        String console = execute("mobi:image-build bad --packages Squid").strip();
        assertEquals(console, 1, console.lines().count());
        assertTrue(console, console.contains("\"Squid\""));
        assertEquals(404, get("/api/v1/images/x/build").statusCode());

        // a package Debian has not: apt says so, the build fails, nothing is left in the library
        HttpResponse<String> started = http("POST", "/api/v1/images/nosuch/build", "{\"packages\": [\"mobitopolo-no-such-package\"]}");
        assertEquals(started.body(), 202, started.statusCode());
        JsonNode failed = awaitBuild("nosuch");
        assertEquals(failed.toString(), "FAILED", failed.get("state").asText());
        assertTrue(failed.toString(), failed.get("error").asText().contains("mobitopolo-no-such-package"));
        assertEquals(List.of(), imageDirEntries());
        assertEquals(404, get("/api/v1/images/nosuch").statusCode());
        Path work = Path.of(System.getProperty(BUILD_DIR), "work");
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(0, left.count());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Follows a build with ?wait=true requests (each under the HTTP client's 30 s) until it has ended. */
    private JsonNode awaitBuild(String name) {
        long deadline = System.nanoTime() + BUILD.toNanos();
        while (true) {
            JsonNode s;
            try {
                s = json(get("/api/v1/images/" + name + "/build?wait=true"));
            } catch (UncheckedIOException timedOut) {
                s = json(get("/api/v1/images/" + name + "/build"));
            }
            if (!s.get("state").asText().equals("RUNNING")) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("build of " + name + " did not end within " + BUILD + ": " + s);
            }
        }
    }
}
