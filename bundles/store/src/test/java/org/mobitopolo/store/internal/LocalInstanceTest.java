package org.mobitopolo.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalInstanceTest {
    @TempDir
    Path dir;

    @Test
    void theIdIsMadeOnceAndKeptInTheDataDirectory() throws Exception {
        Path file = dir.resolve("mobitopolo/store/instance-id");
        String id = LocalInstance.of("", file).id();
        assertEquals(36, id.length(), id);
        assertEquals(id, Files.readString(file).strip());
        assertEquals(id, LocalInstance.of(null, file).id());
        assertNotEquals(id, LocalInstance.of("", dir.resolve("other/instance-id")).id());
    }

    @Test
    void aConfiguredIdWinsOverTheFile() {
        Path file = dir.resolve("instance-id");
        assertEquals("host-a", LocalInstance.of(" host-a ", file).id());
        assertFalse(Files.exists(file));
        assertThrows(IllegalArgumentException.class, () -> LocalInstance.of("two words", file));
    }

    @Test
    void storesStartingTogetherOnOneDataDirectoryAgreeOnTheId() throws Exception {
        Path file = dir.resolve("instance-id");
        int stores = 8;
        CyclicBarrier together = new CyclicBarrier(stores);
        ExecutorService threads = Executors.newFixedThreadPool(stores);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < stores; i++) {
                ids.add(threads.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return LocalInstance.readOrCreate(file);
                }));
            }
            Set<String> distinct = new HashSet<>();
            for (Future<String> id : ids) {
                distinct.add(id.get(10, TimeUnit.SECONDS));
            }
            assertEquals(Set.of(Files.readString(file).strip()), distinct);
        } finally {
            threads.shutdownNow();
        }
        try (var left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "no temporary files left");
        }
    }
}
