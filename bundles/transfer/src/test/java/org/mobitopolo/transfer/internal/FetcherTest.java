package org.mobitopolo.transfer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.SnapshotFile;

/** Fetching files over real HTTP from a real server: resumes, counters, checksums, cancels. */
class FetcherTest {
    private static final int SIZE = 3_000_000;

    @TempDir
    Path work;

    private Source source;
    private HttpClient http;
    private byte[] disk;
    private SnapshotFile file;

    @BeforeEach
    void serve() throws Exception {
        source = new Source();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        disk = new byte[SIZE];
        new Random(17).nextBytes(disk);
        source.files.put("disk.cow", disk);
        file = new SnapshotFile("disk.cow", SIZE, sha256(disk), 1_700_000_000_000L);
    }

    @AfterEach
    void stop() {
        source.close();
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private Transfer transfer() {
        return new Transfer(Kind.SNAPSHOT, "s1", source.uri(), 0);
    }

    private void fetch(Transfer t, SnapshotFile f, Path target) throws Exception {
        new Fetcher(new SourceHost(http, source.uri(), Optional.empty(), Duration.ofSeconds(10)), t).fetch(f, target);
    }

    @Test
    void aWholeFileIsVerifiedAndKeepsTheSourcesTime() throws Exception {
        Path target = work.resolve("files/disk.cow");
        Transfer t = transfer();
        fetch(t, file, target);
        assertEquals(SIZE, t.info().receivedBytes());
        assertEquals(0, t.info().reusedBytes());
        assertTrue(java.util.Arrays.equals(disk, Files.readAllBytes(target)));
        assertEquals(file.modifiedMillis(), Files.getLastModifiedTime(target).toMillis());
        assertFalse(Files.exists(Staging.part(target)));
        assertEquals(List.of(""), source.ranges, "no range for a fresh file");

        Transfer again = transfer();
        fetch(again, file, target);
        assertEquals(0, again.info().receivedBytes(), "a file here whole is not fetched again");
        assertEquals(SIZE, again.info().reusedBytes());
        assertEquals(1, source.ranges.size());
    }

    @Test
    void aBrokenOffFileResumesWhereItsPartialCopyEnds() throws Exception {
        Path target = work.resolve("files/disk.cow");
        source.breakAfter = 1_234_567;
        Transfer first = transfer();
        PlatformException e = assertThrows(PlatformException.class, () -> fetch(first, file, target));
        assertTrue(e.getMessage().contains("disk.cow"), e.getMessage());
        long received = first.info().receivedBytes();
        assertTrue(received > 0 && received <= 1_234_567, "received " + received);
        assertEquals(received, Files.size(Staging.part(target)), "counted as written, exactly");

        source.breakAfter = -1;
        Transfer second = transfer();
        fetch(second, file, target);
        assertEquals(received, second.info().reusedBytes());
        assertEquals(SIZE, first.info().receivedBytes() + second.info().receivedBytes());
        assertEquals("bytes=" + received + "-", source.ranges.get(1));
        assertTrue(java.util.Arrays.equals(disk, Files.readAllBytes(target)));
    }

    @Test
    void aSourceIgnoringTheRangeIsFetchedFromTheStart() throws Exception {
        Path target = work.resolve("files/disk.cow");
        Files.createDirectories(target.getParent());
        Files.write(Staging.part(target), java.util.Arrays.copyOf(disk, 1000));
        source.ignoreRanges = true;
        Transfer t = transfer();
        fetch(t, file, target);
        assertEquals(SIZE, t.info().receivedBytes());
        assertEquals(0, t.info().reusedBytes());
        assertTrue(java.util.Arrays.equals(disk, Files.readAllBytes(target)));
    }

    @Test
    void aMismatchDeletesThePartialCopyAndNamesBothSums() throws Exception {
        Path target = work.resolve("files/disk.cow");
        String wrong = "0".repeat(64);
        SnapshotFile claimed = new SnapshotFile("disk.cow", SIZE, wrong, 0);
        PlatformException e = assertThrows(PlatformException.class, () -> fetch(transfer(), claimed, target));
        assertEquals(ErrorCode.FAILED, e.code());
        assertTrue(e.getMessage().startsWith("checksum mismatch for file disk.cow of snapshot s1"), e.getMessage());
        assertTrue(e.getMessage().contains("expected SHA-256 " + wrong + ", got " + file.sha256()), e.getMessage());
        assertFalse(Files.exists(Staging.part(target)));
        assertFalse(Files.exists(target));
    }

    @Test
    void aCancelStopsTheCopyWithEveryWrittenByteCounted() throws Exception {
        Path target = work.resolve("files/disk.cow");
        source.breakAfter = 700_000;
        source.hang = true;
        Transfer t = transfer();
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            t.startedOn(Thread.currentThread());
            try {
                fetch(t, file, target);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        assertTrue(source.hanging.await(10, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (t.info().receivedBytes() < 700_000 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(t.stop("cancelled", true));
        ExecutionException stopped = assertThrows(ExecutionException.class, () -> running.get(10, TimeUnit.SECONDS));
        assertTrue(stopped.getCause() instanceof InterruptedException, String.valueOf(stopped.getCause()));
        assertEquals(700_000, t.info().receivedBytes());
        assertEquals(700_000, Files.size(Staging.part(target)));
    }

    @Test
    void aThrottledCopyTakesItsTime() throws Exception {
        byte[] small = new byte[300_000];
        source.files.put("memory", small);
        Transfer t = new Transfer(Kind.SNAPSHOT, "s1", source.uri(), 1_000_000);
        long start = System.nanoTime();
        fetch(t, new SnapshotFile("memory", small.length, sha256(small), 0), work.resolve("files/memory"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 250, "300 kB at 1 MB/s took " + millis + " ms");
    }
}
