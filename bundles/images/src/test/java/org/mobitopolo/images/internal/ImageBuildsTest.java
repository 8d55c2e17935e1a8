package org.mobitopolo.images.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobitopolo.api.image.BuildPhase;
import org.mobitopolo.api.image.BuildState;
import org.mobitopolo.api.image.ImageBuildRequest;
import org.mobitopolo.api.image.ImageBuildStatus;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/**
 * Builds on real files: the real mke2fs, and in mmdebstrap's place a shell script that makes a small
 * tree the way it would (its last arguments are the suite, the root and the mirror), or fails as apt
 * does. The Debian download itself is ImageBuildIT's.
 */
class ImageBuildsTest {
    private static final byte[] INIT = "#!/bin/busybox sh\necho MOBITOPOLO-READY\n".getBytes(UTF_8);

    @TempDir
    Path work;
    private Path images;
    private ImageStore store;
    private ImageBuilds builds;
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void library() throws Exception {
        images = work.resolve("images");
        store = new ImageStore(List::of);
        store.configure(images.toString(), 1 << 30);
        builds = new ImageBuilds(store, INIT, (s, line) -> events.add(s.phase() + " " + s.state() + (line == null ? "" : " " + line)));
        builds.configure(settings(script("ok", """
                n=$(($# - 1)); eval root=\\${$n}
                echo "I: installing $(echo "$@" | sed 's/.*--include=\\([^ ]*\\).*/\\1/')"
                mkdir -p "$root/etc" "$root/usr/bin" && echo hello > "$root/usr/bin/hello"
                echo "I: success"
                """)));
    }

    @AfterEach
    void stop() {
        builds.close();
    }

    private Path script(String name, String body) throws Exception {
        Path s = work.resolve(name + ".sh");
        Files.writeString(s, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        return s;
    }

    private DebianBuild.Settings settings(Path mmdebstrap) {
        return new DebianBuild.Settings(mmdebstrap, Path.of("/usr/sbin/mke2fs"), "bookworm", "http://deb.debian.org/debian",
                work.resolve("builds/debs"), work.resolve("builds/work"), Duration.ofMinutes(2));
    }

    private ImageBuildStatus await(String name) throws Exception {
        return builds.completion(name).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private List<String> entries(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aBuildLandsInTheLibraryCarryingItsKeyAndTheGuestConventions() throws Exception {
        ImageBuildStatus started = builds.build(new ImageBuildRequest("web", List.of("squid", "iperf3"), 0));
        assertEquals(BuildState.RUNNING, started.state());
        assertEquals(List.of("iperf3", "squid"), started.packages());
        ImageBuildStatus done = await("web");
        assertEquals(BuildState.COMPLETED, done.state(), done.toString());
        assertEquals(BuildPhase.DONE, done.phase());
        assertTrue(done.log().contains("I: installing busybox,iperf3,squid"), done.log().toString());
        assertFalse(done.cached());
        assertEquals(192L << 20, done.imageBytes());
        Path image = images.resolve("web");
        assertEquals(BuildRecipe.uuid(done.cacheKey()), Ext4Superblock.read(image).orElseThrow().uuid());
        assertEquals(List.of("web"), entries(images)); // no temporary file left
        assertEquals(List.of(), entries(work.resolve("builds/work"))); // nor the tree
        assertTrue(events.contains("BOOTSTRAP RUNNING"), events.toString());
        assertTrue(events.contains("DONE COMPLETED"), events.toString());

        // what the guest's init needs is inside: read back with e2fsprogs' debugfs, no mount
        String marker = debugfsCat(image, "/etc/mobitopolo/image");
        assertTrue(marker.contains("packages=iperf3,squid") && marker.contains("key=" + done.cacheKey()), marker);
        assertEquals(new String(INIT, UTF_8), debugfsCat(image, "/init"));
        assertEquals("hello\n", debugfsCat(image, "/usr/bin/hello"));
    }

    private static String debugfsCat(Path image, String file) throws Exception {
        Process p = new ProcessBuilder("debugfs", "-R", "cat " + file, image.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertEquals(0, p.waitFor());
        return out;
    }

    @Test
    void theSamePackagesAgainReuseTheImage() throws Exception {
        builds.build(new ImageBuildRequest("proxy", List.of("squid"), 0));
        assertEquals(BuildState.COMPLETED, await("proxy").state());
        long inode = (long) Files.getAttribute(images.resolve("proxy"), "unix:ino");

        ImageBuildStatus again = builds.build(new ImageBuildRequest("proxy", List.of("squid", "squid"), 0));
        assertEquals(BuildState.COMPLETED, again.state()); // answered at once, nothing built
        assertTrue(again.cached());
        assertEquals("proxy", again.cachedFrom());

        ImageBuildStatus other = builds.build(new ImageBuildRequest("proxy2", List.of("squid"), 0));
        assertEquals(BuildState.COMPLETED, other.state());
        assertEquals("proxy", other.cachedFrom());
        assertEquals(inode, (long) Files.getAttribute(images.resolve("proxy2"), "unix:ino")); // a link, not a copy
        assertEquals(List.of("proxy", "proxy2"), entries(images));

        // another size is another image
        ImageBuildStatus bigger = builds.build(new ImageBuildRequest("proxy3", List.of("squid"), 128));
        assertEquals(BuildState.RUNNING, bigger.state());
        assertEquals(128L << 20, await("proxy3").imageBytes());
    }

    @Test
    void aNameTakenOtherwiseIsAConflictAndTouchesNothing() throws Exception {
        store.store("uploaded", new ByteArrayInputStream("some disk".getBytes(UTF_8)), -1, false);
        PlatformException e = assertThrows(PlatformException.class,
                () -> builds.build(new ImageBuildRequest("uploaded", List.of("squid"), 0)));
        assertEquals(ErrorCode.CONFLICT, e.code());
        assertEquals("some disk", Files.readString(images.resolve("uploaded")));

        PlatformException badName = assertThrows(PlatformException.class,
                () -> builds.build(new ImageBuildRequest("../x", List.of("squid"), 0)));
        assertEquals(ErrorCode.BAD_REQUEST, badName.code());
        PlatformException badPackage = assertThrows(PlatformException.class,
                () -> builds.build(new ImageBuildRequest("x", List.of("squid", "$(reboot)"), 0)));
        assertEquals(ErrorCode.BAD_REQUEST, badPackage.code());
        assertTrue(builds.status("x").isEmpty());
        assertEquals(List.of("uploaded"), entries(images));
    }

    @Test
    void aFailedBuildLeavesNothingAndSaysWhy() throws Exception {
        builds.configure(settings(script("fails", """
                n=$(($# - 1)); eval root=\\${$n}
                mkdir -p "$root/usr/share" && head -c 100000 /dev/zero > "$root/usr/share/half"
                echo "E: Unable to locate package nosuchpackage"
                echo "E: apt-get --yes install failed"
                exit 1
                """)));
        builds.build(new ImageBuildRequest("broken", List.of("nosuchpackage"), 0));
        ImageBuildStatus failed = await("broken");
        assertEquals(BuildState.FAILED, failed.state());
        assertEquals("mmdebstrap failed (exit 1): Unable to locate package nosuchpackage", failed.error());
        assertTrue(failed.log().get(failed.log().size() - 1).startsWith("failed: mmdebstrap failed"), failed.log().toString());
        assertEquals(List.of(), entries(images));
        assertEquals(List.of(), entries(work.resolve("builds/work")));

        // too small a size for the files: refused before mke2fs, nothing left either
        builds.configure(settings(script("big", """
                n=$(($# - 1)); eval root=\\${$n}
                mkdir -p "$root/usr" && head -c 50000000 /dev/urandom > "$root/usr/big"
                """)));
        builds.build(new ImageBuildRequest("small", List.of("squid"), 64));
        ImageBuildStatus small = await("small");
        assertTrue(small.error().contains("give at least 84 MiB"), small.error());
        assertEquals(List.of(), entries(images));
    }

    @Test
    void aBuildOfTheSameNameRunsOnce() throws Exception {
        builds.configure(settings(script("slow", """
                n=$(($# - 1)); eval root=\\${$n}
                mkdir -p "$root/etc"; sleep 2
                """)));
        builds.build(new ImageBuildRequest("slow", List.of("squid"), 0));
        PlatformException e = assertThrows(PlatformException.class,
                () -> builds.build(new ImageBuildRequest("slow", List.of("iperf3"), 0)));
        assertEquals(ErrorCode.CONFLICT, e.code());
        // another name waits its turn
        ImageBuildStatus queued = builds.build(new ImageBuildRequest("next", List.of("iperf3"), 0));
        assertEquals(BuildPhase.QUEUED, queued.phase());
        assertEquals(BuildState.COMPLETED, await("slow").state());
        assertEquals(BuildState.COMPLETED, await("next").state());
    }

    @Test
    void aMissingMmdebstrapIsSaidAtOnce() {
        builds.configure(settings(work.resolve("no-mmdebstrap")));
        PlatformException e = assertThrows(PlatformException.class,
                () -> builds.build(new ImageBuildRequest("x", List.of("squid"), 0)));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("mmdebstrap (scripts/setup.sh installs it)"), e.getMessage());
    }
}
