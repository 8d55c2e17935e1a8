package org.mobitopolo.transfer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobitopolo.api.vm.SnapshotFile;

/** Where partial copies wait, how much of each a resume starts from, and when one is dropped: real files. */
class StagingTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    @TempDir
    Path work;

    @Test
    void basesAreCachedBySumAndTimeOthersStagedPerSnapshot() {
        Staging s = new Staging(work);
        assertEquals(work.resolve("bases/" + A + "-1700"), s.target("s1", new SnapshotFile("base", 9, A, 1700)));
        assertEquals(work.resolve("bases/" + A + "-1700"), s.target("bases", new SnapshotFile("base", 9, A, 1700)));
        assertEquals(work.resolve("incoming/bases/files/disk.cow"), s.target("bases", new SnapshotFile("disk.cow", 9, A, 1)),
                "a snapshot named bases is no base");
        assertEquals(work.resolve("incoming/s1/files/disk.cow.part"), Staging.part(s.target("s1", new SnapshotFile("disk.cow", 9, A, 1))));
    }

    @Test
    void aResumeStartsAtThePartialCopysEnd() throws Exception {
        Path target = Files.createDirectories(work.resolve("f")).resolve("disk.cow");
        assertEquals(0, Staging.reusable(target, 10));
        Files.writeString(Staging.part(target), "1234");
        assertEquals(4, Staging.reusable(target, 10));
        assertEquals(4, Staging.reusable(target, 4), "all there: only its sum is left to check");
        assertEquals(0, Staging.reusable(target, 3), "longer than the file: no copy of it");
        assertFalse(Files.exists(Staging.part(target)));
        Files.writeString(target, "1234567890");
        assertEquals(10, Staging.reusable(target, 10));
    }

    @Test
    void copiesOfFilesTheSourceChangedSinceAreDropped() throws Exception {
        Staging s = new Staging(work);
        SnapshotFile cow = new SnapshotFile("disk.cow", 10, A, 1);
        SnapshotFile facts = new SnapshotFile("snapshot.properties", 10, A, 1);
        s.expect("s1", List.of(cow, facts));
        Path files = s.files("s1");
        Files.writeString(files.resolve("disk.cow.part"), "12345");
        Files.writeString(files.resolve("snapshot.properties"), "facts");
        Files.writeString(files.resolve("memory.part"), "not listed");

        s.expect("s1", List.of(cow, new SnapshotFile("snapshot.properties", 10, B, 2)));
        assertTrue(Files.exists(files.resolve("disk.cow.part")), "same sum: resumed");
        assertFalse(Files.exists(files.resolve("snapshot.properties")), "another sum: fetched again");
        assertFalse(Files.exists(files.resolve("memory.part")), "no longer listed");

        s.discard("s1");
        assertFalse(Files.exists(work.resolve("incoming/s1")));
        assertTrue(Files.isDirectory(work.resolve("bases")));
    }

    @Test
    void anImageIsStagedByItsSumAndCopiesOfItsOtherVersionsAreDropped() throws Exception {
        Staging s = new Staging(work);
        Path a = s.image("web", A);
        assertEquals(work.resolve("images/web." + A), a);
        Files.writeString(Staging.part(a), "half");
        Path other = s.image("web.v2", A);
        Files.writeString(Staging.part(other), "another image's");
        assertEquals(a, s.image("web", A));
        assertTrue(Files.exists(Staging.part(a)), "the same content: resumed");
        Path b = s.image("web", B);
        assertFalse(Files.exists(Staging.part(a)), "the source's image changed: its old copy goes");
        assertTrue(Files.exists(Staging.part(other)), "web.v2 is not a version of web");
        assertEquals(work.resolve("images/web." + B), b);
    }
}
