package org.mobitopolo.transfer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/** Names from requests and listings become paths: only plain ones pass. */
class NamesTest {
    @Test
    void snapshotNamesAreThoseSnapshotsHave() {
        assertEquals("web-ready-2", Names.snapshot("web-ready-2"));
        for (String bad : List.of("", "-x", "Web", "a/b", "..", "a.b", "x".repeat(65))) {
            assertEquals(ErrorCode.BAD_REQUEST, assertThrows(PlatformException.class, () -> Names.snapshot(bad), bad).code());
        }
        assertThrows(PlatformException.class, () -> Names.snapshot(null));
    }

    @Test
    void imageNamesAreThoseTheLibraryTakes() {
        assertEquals("ph-guest_2.img", Names.image("ph-guest_2.img"));
        for (String bad : List.of("", ".x", "_x", "a/b", "..", "x y", "x".repeat(129))) {
            assertEquals(ErrorCode.BAD_REQUEST, assertThrows(PlatformException.class, () -> Names.image(bad), bad).code());
        }
        assertThrows(PlatformException.class, () -> Names.image(null));
    }

    @Test
    void fileNamesHaveNoSeparatorsDotsFirstOrPartialSuffix() {
        for (String good : List.of("disk.cow", "disk.qcow2", "memory", "snapshot.properties", "base", "a..b")) {
            assertTrue(Names.isFile(good), good);
        }
        for (String bad : List.of("", ".", "..", "../x", "a/b", "/etc/passwd", ".hidden", "disk.cow.part", "a\\b", "x y",
                "x".repeat(129))) {
            assertFalse(Names.isFile(bad), bad);
        }
        assertFalse(Names.isFile(null));
    }

    @Test
    void aSourceIsAHostsUrlWithoutMore() {
        assertEquals(URI.create("http://10.0.0.1:8181"), Names.source(URI.create("http://10.0.0.1:8181")));
        Names.source(URI.create("https://a.example/"));
        for (String bad : List.of("ftp://x", "host:8181", "http://u:p@x:1", "http://x:1/api/v1", "http://x:1?a=b", "file:///etc")) {
            assertEquals(ErrorCode.BAD_REQUEST, assertThrows(PlatformException.class, () -> Names.source(URI.create(bad)), bad).code());
        }
    }
}
