package org.mobitopolo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The image library in the distribution: a real ext4 image uploaded over REST and booted by QEMU,
 * listed and deleted on the console; uploads too large, badly named, cut off or pointing out of the
 * image directories are refused and leave nothing behind.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ImageIT extends MobitopoloTestSupport {
    private static final Duration BOOT = Duration.ofSeconds(60);
    /** Small, so that the tests can go beyond it cheaply: 10 MiB. */
    private static final long LIMIT = 10 * 1024 * 1024;


    @Override
    @Configuration
    public Option[] config() {
        return OptionUtils.combine(OptionUtils.combine(super.config(), otherPortsFree()),
                editConfigurationFilePut("etc/org.mobitopolo.images.cfg", "maxUploadBytes", String.valueOf(LIMIT)));
    }

    @Before
    public void imagesResourceIsUp() {
        awaitStatus("/api/v1/images", 200, BOOT);
        awaitRestSettled();
    }

    @After
    public void removeVmsAndImages() {
        for (JsonNode vm : json(get("/api/v1/vms"))) {
            http("DELETE", "/api/v1/vms/" + vm.get("spec").get("name").asText(), null);
        }
        for (JsonNode image : json(get("/api/v1/images"))) {
            http("DELETE", "/api/v1/images/" + image.get("name").asText(), null);
        }
    }



    /** A real ext4 file system of 8 MiB holding {@code /marker}, made as a user makes an image. */
    private static Path ext4Image(String marker) throws Exception {
        Path dir = Files.createTempDirectory("image-root");
        Files.writeString(dir.resolve("marker"), marker + "\n");
        Path image = Files.createTempFile("upload", ".ext4");
        Process mkfs = new ProcessBuilder("mkfs.ext4", "-q", "-F", "-L", "data", "-d", dir.toString(), image.toString(), "8M")
                .redirectErrorStream(true).start();
        String out = new String(mkfs.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(out, 0, mkfs.waitFor());
        return image;
    }

    private HttpResponse<String> put(String path, HttpRequest.BodyPublisher body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/octet-stream")
                .header("Authorization", "Bearer " + token(base()))
                .PUT(body)
                .build();
        return send(request);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    public void anUploadedImageIsListedAndAQemuVmBootsFromIt() throws Exception {
        Path image = ext4Image("uploaded-" + "42");
        HttpResponse<String> created = put("/api/v1/images/data-1.ext4", HttpRequest.BodyPublishers.ofFile(image));
        assertEquals(created.body(), 201, created.statusCode());
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith("/api/v1/images/data-1.ext4"));
        JsonNode stored = json(created);
        assertEquals("data-1.ext4", stored.get("name").asText());
        assertEquals(Files.size(image), stored.get("sizeBytes").asLong());
        assertEquals(sha256(image), stored.get("sha256").asText());
        assertEquals(imageDir().toRealPath().toString(), stored.get("directory").asText());
        assertEquals(List.of("data-1.ext4"), imageDirEntries());

        HttpResponse<String> again = put("/api/v1/images/data-1.ext4", HttpRequest.BodyPublishers.ofFile(image));
        assertProblem(again, 409);
        assertTrue(again.body(), json(again).get("detail").asText().contains("?replace=true"));
        HttpResponse<String> replaced = put("/api/v1/images/data-1.ext4?replace=true", HttpRequest.BodyPublishers.ofFile(image));
        assertEquals(replaced.body(), 200, replaced.statusCode());
        assertTrue(json(replaced).get("replaced").asBoolean());

        JsonNode listed = json(get("/api/v1/images"));
        assertEquals(listed.toString(), 1, listed.size());
        assertEquals("FILE", listed.get(0).get("kind").asText());
        assertEquals(Files.size(image), json(get("/api/v1/images/data-1.ext4")).get("sizeBytes").asLong());
        String table = execute("mobi:image-list");
        assertTrue(table, table.contains("data-1.ext4") && table.contains("8.0 MiB") && table.contains("10.0 MiB"));

        // QEMU's busybox guest mounts the image as its /data
        HttpResponse<String> vm = http("POST", "/api/v1/vms?start=true",
                "{\"name\": \"from-upload\", \"hypervisor\": \"qemu\", \"memoryMb\": 128, \"image\": \"data-1.ext4\"}");
        assertEquals(vm.body(), 201, vm.statusCode());
        await("from-upload running", () -> json(get("/api/v1/vms/from-upload")).get("state").asText().equals("RUNNING"), BOOT);
        http("POST", "/api/v1/vms/from-upload/console", "{\"line\": \"cat /data/marker\"}");
        await("the uploaded file in the guest", () -> get("/api/v1/vms/from-upload/console?lines=50").body().contains("uploaded-42"),
                Duration.ofSeconds(20));

        // the library changes its configuration while the VM runs on
        long pid = json(get("/api/v1/vms/from-upload")).get("pid").asLong();
        Path cfg = Path.of(System.getProperty("karaf.etc"), "org.mobitopolo.images.cfg");
        String shipped = Files.readString(cfg);
        try {
            Files.writeString(cfg, shipped.replaceAll("maxUploadBytes *= *\\d+", "maxUploadBytes = " + 2 * LIMIT));
            await("the new limit", () -> execute("mobi:image-list").contains("20.0 MiB"), Duration.ofSeconds(30));
        } finally {
            Files.writeString(cfg, shipped);
        }
        await("the limit back", () -> execute("mobi:image-list").contains("10.0 MiB"), Duration.ofSeconds(30));
        JsonNode running = json(get("/api/v1/vms/from-upload"));
        assertEquals("RUNNING", running.get("state").asText());
        assertEquals(pid, running.get("pid").asLong());

        HttpResponse<String> inUse = http("DELETE", "/api/v1/images/data-1.ext4", null);
        assertProblem(inUse, 409);
        assertTrue(inUse.body(), json(inUse).get("detail").asText().contains("VM from-upload is made from it"));
        assertProblem(put("/api/v1/images/data-1.ext4?replace=true", HttpRequest.BodyPublishers.ofFile(image)), 409);
        String refused = execute("mobi:image-delete data-1.ext4").strip();
        assertEquals(refused, 1, refused.lines().count());
        assertTrue(refused, refused.contains("VM from-upload is made from it"));

        assertEquals(204, http("DELETE", "/api/v1/vms/from-upload", null).statusCode());
        String deleted = execute("mobi:image-delete data-1.ext4");
        assertTrue(deleted, deleted.contains("data-1.ext4: deleted"));
        assertProblem(get("/api/v1/images/data-1.ext4"), 404);
        assertFalse(execute("mobi:image-list").contains("data-1.ext4"));
        assertEquals(List.of(), imageDirEntries());
    }

    @Test
    public void beyondTheLimitIs413AndNothingIsLeftBehind() throws IOException {
        // announced by Content-Length: refused before a byte is stored
        HttpResponse<String> announced = put("/api/v1/images/big.img", HttpRequest.BodyPublishers.ofByteArray(new byte[(int) LIMIT + 1]));
        assertProblem(announced, 413);
        assertTrue(announced.body(), json(announced).get("detail").asText().contains("uploads may be at most 10485760 bytes"));
        // sent in chunks, no length announced: counted while it streams to disk
        HttpResponse<String> chunked = put("/api/v1/images/big.img", HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(new byte[(int) LIMIT + 1024 * 1024])));
        assertProblem(chunked, 413);
        assertTrue(chunked.body(), json(chunked).get("detail").asText().contains("more than 10485760 bytes"));
        // an announcement beyond 2 GiB (no int holds it) is read as it is: refused with no body sent
        try (Socket s = new Socket("127.0.0.1", Integer.parseInt(System.getProperty("mobitopolo.itest.http.port")))) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("PUT /api/v1/images/huge.img HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + token(base()) + "\r\nContent-Length: 21474836480\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput(); // else the server would wait for the first 16 MiB it drains of a refused body
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer, answer.startsWith("HTTP/1.1 413 ") && answer.contains("image huge.img is 21474836480 bytes"));
        }
        assertEquals(List.of(), imageDirEntries());
        assertProblem(get("/api/v1/images/big.img"), 404);

        // exactly the limit is fine
        HttpResponse<String> fits = put("/api/v1/images/fits.img", HttpRequest.BodyPublishers.ofByteArray(new byte[(int) LIMIT]));
        assertEquals(fits.body(), 201, fits.statusCode());
    }

    @Test
    public void badNamesAndEmptyBodiesAre400AndChangeNothing() {
        for (String name : List.of(".hidden", "bad%20name", "a%2Fb", "x".repeat(129), "-rf")) {
            HttpResponse<String> refused = put("/api/v1/images/" + name, HttpRequest.BodyPublishers.ofString("bytes"));
            assertProblem(refused, 400);
            assertTrue(refused.body(), json(refused).get("detail").asText().startsWith("an image name is a letter or digit"));
            assertProblem(get("/api/v1/images/" + name), 400);
            assertProblem(http("DELETE", "/api/v1/images/" + name, null), 400);
        }
        assertProblem(put("/api/v1/images/empty.img", HttpRequest.BodyPublishers.noBody()), 400);
        assertEquals(List.of(), imageDirEntries());
    }

    @Test
    public void aLinkOutOfTheImageDirectoryIsNoImage() throws IOException {
        Path link = Files.createSymbolicLink(imageDir().resolve("shadow"), Path.of("/etc/shadow"));
        try {
            assertEquals(0, json(get("/api/v1/images")).size());
            HttpResponse<String> info = get("/api/v1/images/shadow");
            assertProblem(info, 400);
            assertTrue(info.body(), json(info).get("detail").asText().contains("leads outside the image directories"));
            assertProblem(put("/api/v1/images/shadow?replace=true", HttpRequest.BodyPublishers.ofString("x")), 400);
            assertProblem(http("DELETE", "/api/v1/images/shadow", null), 400);
            assertTrue(Files.isSymbolicLink(link));
            // and no VM is made from it, nor from the host file itself
            for (String image : List.of("shadow", "/etc/shadow")) {
                HttpResponse<String> vm = http("POST", "/api/v1/vms", "{\"name\": \"evil\", \"hypervisor\": \"qemu\", "
                        + "\"memoryMb\": 128, \"image\": \"" + image + "\"}");
                assertProblem(vm, 400);
                assertTrue(vm.body(), json(vm).get("detail").asText().contains("outside the image directories"));
            }
            assertProblem(get("/api/v1/vms/evil"), 404);
        } finally {
            Files.delete(link);
        }
    }

    @Test
    public void aSenderThatGoesAwayMidUploadLeavesNothing() throws Exception {
        try (Socket s = new Socket("127.0.0.1", Integer.parseInt(System.getProperty("mobitopolo.itest.http.port")))) {
            OutputStream out = s.getOutputStream();
            out.write(("PUT /api/v1/images/cut.img HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token(base())
                    + "\r\nContent-Length: " + (8 * 1024 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[2 * 1024 * 1024]);
            out.flush();
            await("the upload under way", () -> imageDirEntries().stream().anyMatch(e -> e.startsWith(".upload-")),
                    Duration.ofSeconds(10));
        } // closed with 6 MiB still to come
        await("the part written to go", () -> imageDirEntries().isEmpty(), Duration.ofSeconds(30));
        assertProblem(get("/api/v1/images/cut.img"), 404);
    }

    @Test
    public void withoutTheLibraryUserImagesAre503AndTheDefaultGuestStillWorks() {
        assertEquals(200, http("PUT", "/api/v1/features/mobitopolo-images", "{\"installed\": false}").statusCode());
        try {
            HttpResponse<String> gone = awaitStatus("/api/v1/images", 503, BOOT);
            assertTrue(gone.body(), json(gone).get("detail").asText().contains("feature:install mobitopolo-images"));
            HttpResponse<String> vm = http("POST", "/api/v1/vms", "{\"name\": \"needs-lib\", \"hypervisor\": \"uml\", "
                    + "\"memoryMb\": 64, \"image\": \"any.img\"}");
            assertProblem(vm, 503);
            assertProblem(get("/api/v1/vms/needs-lib"), 404);
            String console = execute("mobi:image-list").strip();
            assertTrue(console, console.contains("no image library plugin is active"));
            HttpResponse<String> plain = http("POST", "/api/v1/vms", "{\"name\": \"no-image\", \"hypervisor\": \"uml\", \"memoryMb\": 64}");
            assertEquals(plain.body(), 201, plain.statusCode());
        } finally {
            assertEquals(200, http("PUT", "/api/v1/features/mobitopolo-images", "{\"installed\": true}").statusCode());
        }
        awaitStatus("/api/v1/images", 200, BOOT);
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertEquals(response.request().method() + " " + response.uri() + ": " + response.body(), status, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode problem = json(response);
        assertEquals(status, problem.get("status").asInt());
        assertFalse(problem.get("detail").asText().isEmpty());
        assertFalse("no stack traces or class names: " + response.body(),
                response.body().matches("(?s).*(Exception|\\bat [a-z]+\\.[a-z]+\\.|\\.java:).*"));
    }
}
