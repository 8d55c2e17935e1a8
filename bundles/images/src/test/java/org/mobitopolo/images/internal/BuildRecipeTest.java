package org.mobitopolo.images.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.hypervisor.common.GuestRoot;

/** The checks of a build request and its cache key, on the /init every guest really runs. */
class BuildRecipeTest {
    private static byte[] init() throws Exception {
        return GuestRoot.initScript();
    }

    private static void assertBadRequest(String expected, Runnable r) {
        PlatformException e = assertThrows(PlatformException.class, r::run);
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void packagesAreSortedAndTakenOnceWhateverTheOrder() throws Exception {
        BuildRecipe a = BuildRecipe.of("bookworm", List.of("squid", "iperf3", "squid", " curl "), init());
        BuildRecipe b = BuildRecipe.of("bookworm", List.of("curl", "squid", "iperf3"), init());
        assertEquals(List.of("curl", "iperf3", "squid"), a.packages());
        assertEquals(a.key(), b.key());
        assertEquals(a.uuid(), b.uuid());
        assertEquals(64, a.key().length());
        assertEquals(List.of("busybox", "curl", "iperf3", "squid"), a.includes());
        assertEquals(List.of("busybox", "squid"), BuildRecipe.of("bookworm", List.of("squid", "busybox"), init()).includes());
    }

    @Test
    void theKeyChangesWithTheSuiteThePackagesAndTheInit() throws Exception {
        String squid = BuildRecipe.of("bookworm", List.of("squid"), init()).key();
        assertNotEquals(squid, BuildRecipe.of("trixie", List.of("squid"), init()).key());
        assertNotEquals(squid, BuildRecipe.of("bookworm", List.of("squid", "iperf3"), init()).key());
        assertNotEquals(squid, BuildRecipe.of("bookworm", List.of("squid"), "#!/bin/sh\n".getBytes(UTF_8)).key());
        // the UUID is the key's first 128 bits, as mke2fs -U writes them
        assertEquals(squid.substring(0, 8) + "-" + squid.substring(8, 12),
                BuildRecipe.uuid(squid).toString().substring(0, 13));
    }

    @Test
    void badPackageNamesAreRefusedNamingThem() throws Exception {
        byte[] init = init();
        for (String bad : new String[] {"Squid", "-rf", "a", "squid;reboot", "?essential", "~prequired", "squid iperf3",
                "../etc", "x".repeat(101), ""}) {
            assertBadRequest("\"" + bad + "\"", () -> BuildRecipe.of("bookworm", List.of(bad), init));
        }
        for (String good : new String[] {"g++", "libstdc++6", "openjdk-17-jre-headless", "python3.11", "0ad"}) {
            assertEquals(List.of(good), BuildRecipe.of("bookworm", List.of(good), init).packages());
        }
        assertBadRequest("at least one Debian package", () -> BuildRecipe.of("bookworm", List.of(), init));
        assertBadRequest("a Debian suite", () -> BuildRecipe.of("Bookworm/../x", List.of("squid"), init));
    }

    @Test
    void atMost64DistinctPackages() throws Exception {
        List<String> many = IntStream.rangeClosed(1, 64).mapToObj(i -> "pkg" + i).toList();
        assertEquals(64, BuildRecipe.of("bookworm", many, init()).packages().size());
        List<String> twice = new ArrayList<>(many);
        twice.addAll(many);
        Collections.shuffle(twice);
        assertEquals(64, BuildRecipe.of("bookworm", twice, init()).packages().size());
        List<String> tooMany = IntStream.rangeClosed(1, 65).mapToObj(i -> "pkg" + i).toList();
        byte[] init = init();
        assertBadRequest("at most 64", () -> BuildRecipe.of("bookworm", tooMany, init));
    }

    @Test
    void sizesAreCheckedAndChosen() {
        BuildRecipe.checkSize(0);
        BuildRecipe.checkSize(64);
        assertBadRequest("64 to 65536 MiB", () -> BuildRecipe.checkSize(63));
        assertBadRequest("64 to 65536 MiB", () -> BuildRecipe.checkSize(70_000));
        long squidTree = 193L << 20;
        assertEquals(448, BuildRecipe.sizeMb(0, squidTree)); // 193 * 1.3 + 160 = 411, in steps of 64
        assertEquals(192, BuildRecipe.sizeMb(0, 0)); // room to spare even for a tiny root
        assertEquals(300, BuildRecipe.sizeMb(300, squidTree));
        assertBadRequest("give at least 244 MiB", () -> BuildRecipe.sizeMb(200, squidTree));
    }
}
