package org.mobitopolo.images.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.mobitopolo.api.image.ImageInfo;
import org.mobitopolo.api.image.ImageKind;
import org.mobitopolo.api.image.StoredImage;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/** The library on real files in a temporary directory: names, limits, replacing, symbolic links, VMs using images. */
class ImageStoreTest {
    @TempDir
    Path work;

    private Path images;
    private Path more;
    private final List<ImageStore.User> users = new ArrayList<>();
    private ImageStore store;

    @BeforeEach
    void library() {
        images = work.resolve("images");
        more = work.resolve("more");
        store = new ImageStore(() -> List.copyOf(users));
        store.configure(images + ", " + more, 1000);
    }

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(UTF_8));
    }

    /** A body that must not be read at all: refusals come before the first byte. */
    private static final InputStream UNREAD = new InputStream() {
        @Override
        public int read() {
            throw new AssertionError("the body was read");
        }
    };

    private static PlatformException refused(ErrorCode code, Executable call) {
        PlatformException e = assertThrows(PlatformException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    /** Every entry under the work directory, so a test can see that nothing was left or changed. */
    private List<String> tree() throws IOException {
        try (Stream<Path> all = Files.walk(work)) {
            return all.map(p -> work.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void anUploadIsStoredInTheFirstDirectoryWithItsHashAndListed() throws Exception {
        StoredImage stored = store.store("disk-1.img", bytes("an ext4 image"), 13, false);
        assertEquals("disk-1.img", stored.name());
        assertEquals(13, stored.sizeBytes());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("an ext4 image".getBytes(UTF_8))),
                stored.sha256());
        assertEquals(images.toRealPath().toString(), stored.directory());
        assertFalse(stored.replaced());
        assertEquals("an ext4 image", Files.readString(images.resolve("disk-1.img")));

        store.store("b.raw", bytes("chunked"), -1, false); // length not announced: counted
        Files.createDirectories(more.resolve("root/bin"));
        Files.writeString(more.resolve("root/bin/init"), "#!/bin/sh\n");
        Files.writeString(more.resolve("disk-1.img"), "hidden by the first directory's");

        List<ImageInfo> list = store.list();
        assertEquals(List.of("b.raw", "disk-1.img", "root"), list.stream().map(ImageInfo::name).toList());
        assertEquals(images.toRealPath().toString(), list.get(1).directory());
        assertEquals(new ImageInfo("root", ImageKind.DIRECTORY, 10, list.get(2).modifiedMillis(), more.toRealPath().toString()),
                list.get(2));
        assertEquals(7, store.info("b.raw").sizeBytes());
        assertEquals(List.of(images.toRealPath(), more.toRealPath()), store.directories());
    }

    @Test
    void namesThatAreNoPlainNameAreRefusedBeforeAnythingHappens() throws IOException {
        List<String> before = tree();
        for (String name : List.of("..", ".hidden", "../escape", "a/b", "/etc/shadow", "", " x", "a b", "x".repeat(129),
                "-rf", "ok\n")) {
            String why = refused(ErrorCode.BAD_REQUEST, () -> store.store(name, UNREAD, 10, true)).getMessage();
            assertTrue(why.startsWith("an image name is a letter or digit followed by up to 127"), why);
            refused(ErrorCode.BAD_REQUEST, () -> store.info(name));
            refused(ErrorCode.BAD_REQUEST, () -> store.delete(name));
        }
        refused(ErrorCode.BAD_REQUEST, () -> store.store(null, UNREAD, 10, true));
        assertEquals(before, tree());
        store.store("a".repeat(128), bytes("x"), 1, false); // the longest name
        store.store("Debian-12_amd64.v2.qcow2", bytes("x"), 1, false);
    }

    @Test
    void beyondTheLimitIsRefusedAndNothingIsLeftBehind() throws IOException {
        List<String> before = tree();
        // announced: refused before the first byte is read
        String why = refused(ErrorCode.PAYLOAD_TOO_LARGE, () -> store.store("big.img", UNREAD, 1001, false)).getMessage();
        assertEquals("image big.img is 1001 bytes; uploads may be at most 1000 bytes (maxUploadBytes of org.mobitopolo.images)", why);
        // not announced: counted while it streams, and the part written goes
        why = refused(ErrorCode.PAYLOAD_TOO_LARGE, () -> store.store("big.img", new ByteArrayInputStream(new byte[1001]), -1, false))
                .getMessage();
        assertTrue(why.contains("more than 1000 bytes"), why);
        assertEquals(before, tree());
        assertEquals(1000, store.store("big.img", new ByteArrayInputStream(new byte[1000]), -1, false).sizeBytes());
    }

    @Test
    void aBodyThatBreaksOffOrEndsShortLeavesNothingAndTheImageBeforeIntact() throws IOException {
        store.store("web.img", bytes("version 1"), 9, false);
        List<String> before = tree();
        InputStream breaking = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0];
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (sent >= 500) {
                    throw new IOException("connection reset by peer"); // as Jetty's input does when the client goes
                }
                int n = Math.min(len, 100);
                sent += n;
                return n;
            }
        };
        String why = refused(ErrorCode.BAD_REQUEST, () -> store.store("web.img", breaking, 900, true)).getMessage();
        assertTrue(why.startsWith("the upload of image web.img broke off after"), why);
        why = refused(ErrorCode.BAD_REQUEST, () -> store.store("web.img", bytes("short"), 900, true)).getMessage();
        assertEquals("the upload of image web.img ended after 5 of the 900 bytes announced", why);
        refused(ErrorCode.BAD_REQUEST, () -> store.store("web.img", bytes(""), -1, true));
        refused(ErrorCode.BAD_REQUEST, () -> store.store("new.img", UNREAD, 0, true));
        assertEquals(before, tree());
        assertEquals("version 1", Files.readString(images.resolve("web.img")));
    }

    @Test
    void anExistingNameIsAConflictUnlessReplacedAndReplacingIsOneStep() throws Exception {
        store.store("web.img", bytes("version 1"), 9, false);
        String why = refused(ErrorCode.CONFLICT, () -> store.store("web.img", UNREAD, 9, false)).getMessage();
        assertTrue(why.contains("exists already") && why.contains("?replace=true"), why);

        // while the new body streams, whoever opens the image reads the old one whole
        Path image = images.resolve("web.img");
        List<byte[]> seen = new ArrayList<>();
        InputStream slow = new InputStream() {
            private final byte[] body = "version 2, longer".getBytes(UTF_8);
            private int at;

            @Override
            public int read() throws IOException {
                if (at == 8) {
                    seen.add(Files.readAllBytes(image));
                }
                return at < body.length ? body[at++] : -1;
            }
        };
        StoredImage replaced = store.store("web.img", slow, -1, true);
        assertTrue(replaced.replaced());
        assertArrayEquals("version 1".getBytes(UTF_8), seen.get(0));
        assertEquals("version 2, longer", Files.readString(image));
        assertEquals(List.of("images", "images/web.img", "more"), tree().stream().filter(p -> !p.isEmpty()).toList());
    }

    @Test
    void anImageIsReplacedInTheDirectoryThatHasIt() throws IOException {
        Files.writeString(more.resolve("shared.img"), "old");
        StoredImage replaced = store.store("shared.img", bytes("new"), 3, true);
        assertEquals(more.toRealPath().toString(), replaced.directory());
        assertEquals("new", Files.readString(more.resolve("shared.img")));
        assertFalse(Files.exists(images.resolve("shared.img")));
    }

    @Test
    void symbolicLinksLeadingOutAreNeitherListedNorTouched() throws IOException {
        Path secret = Files.writeString(work.resolve("shadow"), "root:secret");
        Files.createSymbolicLink(images.resolve("shadow"), secret);
        Files.createSymbolicLink(images.resolve("etc"), Path.of("/etc"));
        Files.createSymbolicLink(images.resolve("dangling"), work.resolve("nothing"));
        Files.writeString(more.resolve("shadow"), "hidden behind the link: the first directory decides");
        List<String> before = tree();

        assertEquals(List.of(), store.list());
        for (String name : List.of("shadow", "etc", "dangling")) {
            String why = refused(ErrorCode.BAD_REQUEST, () -> store.info(name)).getMessage();
            assertTrue(why.contains("leads outside the image directories"), why);
            refused(ErrorCode.BAD_REQUEST, () -> store.delete(name));
            refused(ErrorCode.BAD_REQUEST, () -> store.store(name, UNREAD, 5, true));
        }
        assertEquals(before, tree());
        assertEquals("root:secret", Files.readString(secret));
    }

    @Test
    void aLinkInsideTheDirectoriesIsAnImageAndDeletingItKeepsItsFile() throws IOException {
        store.store("debian-12.img", bytes("debian"), 6, false);
        Files.createSymbolicLink(more.resolve("latest"), images.resolve("debian-12.img"));
        users.add(new ImageStore.User("VM web1", "latest")); // the hypervisor holds the file the link led to
        assertEquals(ImageKind.FILE, store.info("latest").kind());
        assertEquals(6, store.info("latest").sizeBytes());
        store.delete("latest");
        assertFalse(Files.exists(more.resolve("latest"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("debian", Files.readString(images.resolve("debian-12.img")));
    }

    @Test
    void anImageAVmOrSnapshotIsMadeFromIsNeitherDeletedNorReplaced() throws IOException {
        store.store("web.img", bytes("web"), 3, false);
        Files.createDirectories(images.resolve("roots/busybox"));
        users.add(new ImageStore.User("VM web1", "web.img"));
        users.add(new ImageStore.User("snapshot golden", images.resolve("web.img").toString()));
        users.add(new ImageStore.User("VM u1", "roots/busybox"));
        users.add(new ImageStore.User("VM default", ""));
        users.add(new ImageStore.User("VM clone", "snapshot:golden"));
        users.add(new ImageStore.User("VM lost", "gone.img"));

        String why = refused(ErrorCode.CONFLICT, () -> store.delete("web.img")).getMessage();
        assertEquals("image web.img cannot be deleted: VM web1, snapshot golden are made from it; destroy them first", why);
        why = refused(ErrorCode.CONFLICT, () -> store.store("web.img", UNREAD, 3, true)).getMessage();
        assertTrue(why.startsWith("image web.img cannot be replaced: VM web1, snapshot golden"), why);
        why = refused(ErrorCode.CONFLICT, () -> store.delete("roots")).getMessage();
        assertEquals("image roots cannot be deleted: VM u1 is made from it; destroy it first", why);
        assertEquals("web", Files.readString(images.resolve("web.img")));

        users.clear();
        store.delete("web.img");
        assertThrows(PlatformException.class, () -> store.info("web.img"));
        refused(ErrorCode.NOT_FOUND, () -> store.delete("web.img"));
    }

    @Test
    void aRootDirectoryGoesWholeButNotWhatItsLinksPointTo() throws IOException {
        Path outside = Files.writeString(work.resolve("keep"), "outside");
        Files.createDirectories(images.resolve("root/etc"));
        Files.writeString(images.resolve("root/etc/hostname"), "guest");
        Files.createSymbolicLink(images.resolve("root/etc/keep"), outside);
        Path outsideDir = Files.createDirectories(work.resolve("other-root/etc"));
        Files.writeString(outsideDir.resolve("passwd"), "stays");
        Files.createSymbolicLink(images.resolve("root/other-etc"), outsideDir);
        refused(ErrorCode.CONFLICT, () -> store.store("root", UNREAD, 3, true)); // no file over a directory
        store.delete("root");
        assertFalse(Files.exists(images.resolve("root")));
        assertEquals("outside", Files.readString(outside));
        assertEquals("stays", Files.readString(outsideDir.resolve("passwd")));
    }

    @Test
    void moreThanTheFileSystemHoldsIsRefusedBeforeTheBodyIsRead() throws IOException {
        store.configure(images.toString(), Long.MAX_VALUE);
        List<String> before = tree();
        String why = refused(ErrorCode.INSUFFICIENT_STORAGE, () -> store.store("huge.img", UNREAD, Long.MAX_VALUE / 2, false))
                .getMessage();
        assertTrue(why.contains("bytes free"), why);
        assertEquals(before, tree());
    }

    @Test
    void leftoversOfUploadsACrashCutOffGoAtTheNextStartFreshOnesStay() throws IOException {
        Path stale = Files.writeString(images.resolve(ImageStore.TEMP_PREFIX + "old" + ImageStore.TEMP_SUFFIX), "half");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(7200)));
        Path running = Files.writeString(more.resolve(ImageStore.TEMP_PREFIX + "now" + ImageStore.TEMP_SUFFIX), "growing");
        store.configure(images + "," + more, 1000);
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(running));
        assertEquals(List.of(), store.list()); // uploads in progress are no images
    }

    @Test
    void aBadConfigurationIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> store.configure(images.toString(), 0));
        Path file = work.resolve("file");
        assertThrows(PlatformException.class, () -> {
            Files.writeString(file, "not a directory");
            store.configure(file.toString(), 10);
        });
        assertEquals(1000, store.maxUploadBytes()); // the configuration before stays
    }
}
