package org.mobitopolo.hypervisor.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.SnapshotFile;
import org.mobitopolo.api.vm.SnapshotInfo;
import org.mobitopolo.api.vm.VmSpec;

/** A snapshot's files as another host fetches them, and a fetched snapshot taken in: with real files. */
class SnapshotStoreTest {
    private static final VmSpec SPEC = new VmSpec("web", "uml", 64, "", List.of(), Map.of());

    @TempDir
    Path work;

    private Path base;
    private SnapshotStore store;

    private void snapshot(String name) throws IOException {
        base = Files.writeString(work.resolve("base.img"), "the base image");
        store = new SnapshotStore(work.resolve("snapshots"), "uml");
        Path snap = store.create(name);
        Files.writeString(snap.resolve("disk.cow"), "the layer");
        store.complete(snap, SPEC, Map.of("base", base.toString()));
    }

    private static String sha256(String content) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content.getBytes()));
    }

    @Test
    void aSnapshotListsItsOwnFilesAndItsBaseWithTheirSums() throws Exception {
        snapshot("s1");
        List<SnapshotFile> files = store.files("s1");
        assertEquals(List.of("disk.cow", "snapshot.properties", SnapshotFile.BASE), files.stream().map(SnapshotFile::name).toList());
        SnapshotFile cow = files.get(0);
        assertEquals(new SnapshotFile("disk.cow", 9, sha256("the layer"),
                Files.getLastModifiedTime(work.resolve("snapshots/s1/disk.cow")).toMillis()), cow);
        assertEquals(sha256("the base image"), files.get(2).sha256());
        assertEquals(14, files.get(2).sizeBytes());
        assertEquals(base, store.file("s1", SnapshotFile.BASE));
        assertEquals(work.resolve("snapshots/s1/disk.cow"), store.file("s1", "disk.cow"));
        assertEquals(1, store.list().size(), "the kept sums are no snapshot");
    }

    @Test
    void sumsAreKeptAndComputedAgainOnlyForAFileThatChanged() throws Exception {
        snapshot("s1");
        store.files("s1");
        Path sums = work.resolve("snapshots/s1/checksums.properties");
        String kept = Files.readString(sums);
        assertTrue(kept.contains(sha256("the base image")), kept);
        FileTime before = Files.getLastModifiedTime(sums);
        Files.setLastModifiedTime(sums, FileTime.fromMillis(before.toMillis() - 10_000));
        store.files("s1");
        assertEquals(before.toMillis() - 10_000, Files.getLastModifiedTime(sums).toMillis(), "nothing recomputed, nothing written");

        // same size, another content and time: the key (path, size, mtime) no longer matches
        Files.writeString(base, "another image!");
        Files.setLastModifiedTime(base, FileTime.fromMillis(1_000_000_000_000L));
        SnapshotFile now = store.files("s1").get(2);
        assertEquals(sha256("another image!"), now.sha256());
        assertEquals(1_000_000_000_000L, now.modifiedMillis());
        assertNotEquals(kept, Files.readString(sums));
    }

    @Test
    void onlyListedFilesAreServed() throws IOException {
        snapshot("s1");
        for (String file : List.of("checksums.properties", "../s1/disk.cow", "nope", "")) {
            PlatformException e = assertThrows(PlatformException.class, () -> store.file("s1", file), file);
            assertEquals(ErrorCode.NOT_FOUND, e.code());
        }
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(PlatformException.class, () -> store.files("../x")).code());
        Files.delete(base);
        assertEquals(ErrorCode.CONFLICT, assertThrows(PlatformException.class, () -> store.files("s1")).code());
    }

    @Test
    void aFetchedSnapshotMovesInOnItsNewBase() throws IOException {
        snapshot("s1");
        Path fetched = Files.createDirectories(work.resolve("fetched"));
        for (SnapshotFile f : store.files("s1")) {
            if (!f.name().equals(SnapshotFile.BASE)) {
                Files.copy(store.file("s1", f.name()), fetched.resolve(f.name()));
            }
        }
        Path newBase = Files.copy(base, work.resolve("cached-base"));
        Path[] rebased = new Path[2];
        SnapshotInfo info = store.adopt("s2", fetched, newBase, (snap, b) -> {
            rebased[0] = snap;
            rebased[1] = b;
            assertFalse(Files.exists(snap.resolve("snapshot.properties")), "not listed before it is whole");
        });
        assertEquals("s2", info.name());
        assertEquals("web", info.vm());
        assertEquals(SPEC, info.spec());
        Path snap = store.find("s2");
        assertEquals(List.of(snap, newBase.toAbsolutePath()), List.of(rebased));
        assertEquals("the layer", Files.readString(snap.resolve("disk.cow")));
        assertEquals(newBase.toAbsolutePath().toString(), store.facts(snap).getProperty("base"));
        assertFalse(Files.exists(fetched.resolve("disk.cow")), "moved, not copied");
    }

    @Test
    void aFailedImportLeavesNoSnapshot() throws IOException {
        snapshot("s1");
        Path fetched = Files.createDirectories(work.resolve("fetched"));
        Files.copy(store.file("s1", "snapshot.properties"), fetched.resolve("snapshot.properties"));
        Files.writeString(fetched.resolve("disk.cow"), "layer");
        PlatformException e = assertThrows(PlatformException.class, () -> store.adopt("s2", fetched, base, (snap, b) -> {
            throw new IOException("qemu-img said no");
        }));
        assertTrue(e.getMessage().contains("qemu-img said no"), e.getMessage());
        assertFalse(Files.exists(work.resolve("snapshots/s2")));

        assertEquals(ErrorCode.CONFLICT, assertThrows(PlatformException.class,
                () -> store.adopt("s1", fetched, base, (snap, b) -> { })).code());
        SnapshotStore qemu = new SnapshotStore(work.resolve("qemu"), "qemu");
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(PlatformException.class,
                () -> qemu.adopt("s3", fetched, base, (snap, b) -> { })).code(), "a UML snapshot is no QEMU one");
        assertEquals(List.of(), qemu.list());
    }
}
