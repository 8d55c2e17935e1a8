package org.mobitopolo.transfer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.SnapshotFile;

/** A source's listing is checked before any of it becomes a path here. */
class ListingTest {
    private static final String SUM = "ab".repeat(32);

    private static JsonNode json(String files) throws Exception {
        return new ObjectMapper().readTree("{\"snapshot\": \"s1\", \"hypervisor\": \"uml\", \"bytesServed\": 7, \"files\": ["
                + files + "]}");
    }

    private static String file(String name, long size) {
        return "{\"name\": \"" + name + "\", \"sizeBytes\": " + size + ", \"sha256\": \"" + SUM + "\", \"modifiedMillis\": 5}";
    }

    private static String refused(String files) throws Exception {
        JsonNode listing = json(files);
        return assertThrows(PlatformException.class, () -> Listing.parse(listing, "s1", "http://a:1")).getMessage();
    }

    @Test
    void aListingNamesTheSnapshotsFilesAndItsBase() throws Exception {
        Listing l = Listing.parse(json(file("disk.cow", 10) + "," + file("snapshot.properties", 3) + "," + file("base", 100)),
                "s1", "http://a:1");
        assertEquals("uml", l.hypervisor());
        assertEquals(113, l.totalBytes());
        assertEquals(new SnapshotFile("base", 100, SUM, 5), l.base());
        assertEquals(List.of("disk.cow", "snapshot.properties"), l.own().stream().map(SnapshotFile::name).toList());
    }

    @Test
    void badNamesSumsAndSizesAreRefused() throws Exception {
        String rest = "," + file("snapshot.properties", 3) + "," + file("base", 100);
        assertTrue(refused(file("../../etc/cron.d/x", 1) + rest).contains("file name \"../../etc/cron.d/x\""));
        assertTrue(refused(file("disk.cow.part", 1) + rest).contains("file name"));
        assertTrue(refused(file("base", 1) + rest).contains("file name \"base\""), "twice");
        assertTrue(refused(file("disk.cow", -1) + rest).contains("size, time or SHA-256 of file disk.cow"));
        assertTrue(refused(file("disk.cow", 1).replace(SUM, "xyz") + rest).contains("SHA-256"));
        assertTrue(refused(file("disk.cow", 1) + "," + file("snapshot.properties", 3)).contains("no base"));
        JsonNode other = json(file("base", 1));
        assertTrue(assertThrows(PlatformException.class, () -> Listing.parse(other, "s2", "http://a:1")).getMessage()
                .contains("a listing of s1, not of s2"));
    }

    @Test
    void anImageListingIsItsOneFileChecked() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String good = "{\"name\": \"ph-guest\", \"sizeBytes\": 42, \"sha256\": \"" + SUM + "\", \"modifiedMillis\": 5}";
        assertEquals(new SnapshotFile(Listing.IMAGE, 42, SUM, 5), Listing.image(json.readTree(good), "ph-guest", "http://a:1"));
        assertTrue(assertThrows(PlatformException.class, () -> Listing.image(json.readTree(good), "other", "http://a:1"))
                .getMessage().contains("a bad image listing: a listing of ph-guest, not of other"));
        JsonNode empty = json.readTree(good.replace("42", "0"));
        assertTrue(assertThrows(PlatformException.class, () -> Listing.image(empty, "ph-guest", "http://a:1"))
                .getMessage().contains("size, time or SHA-256"));
        JsonNode badSum = json.readTree(good.replace(SUM, "ab"));
        assertThrows(PlatformException.class, () -> Listing.image(badSum, "ph-guest", "http://a:1"));
    }
}
