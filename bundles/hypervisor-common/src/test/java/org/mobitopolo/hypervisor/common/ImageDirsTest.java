package org.mobitopolo.hypervisor.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/** Real files and symbolic links: what a request may and may not make a VM's disk. */
class ImageDirsTest {
    @TempDir
    Path work;

    private ImageDirs dirs() {
        return ImageDirs.of(work.resolve("images") + ", " + work.resolve("more"));
    }

    private static String refused(ImageDirs dirs, String image) {
        PlatformException e = assertThrows(PlatformException.class, () -> dirs.resolve(image), image);
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        return e.getMessage();
    }

    @Test
    void anImageIsFoundByItsNameInAnyDirectoryOrByAPathInsideOne() throws IOException {
        ImageDirs dirs = dirs();
        Path disk = Files.writeString(work.resolve("more/disk.img"), "disk");
        assertEquals(disk.toRealPath(), dirs.resolve("disk.img"));
        assertEquals(disk.toRealPath(), dirs.resolve(disk.toString()));
        Path root = Files.createDirectories(work.resolve("images/roots/web"));
        assertEquals(root.toRealPath(), dirs.resolve("roots/web"));
    }

    @Test
    void aHostFileOutsideTheDirectoriesIsRefused() {
        ImageDirs dirs = dirs();
        assertTrue(refused(dirs, "/etc/shadow").startsWith("image /etc/shadow is outside the image directories"));
        refused(dirs, "/");
        refused(dirs, work.resolve("images").toString()); // a directory itself is no image
    }

    @Test
    void dotDotAndSymbolicLinksLeadingOutAreRefused() throws IOException {
        ImageDirs dirs = dirs();
        Files.writeString(work.resolve("secret"), "not for VMs");
        assertTrue(refused(dirs, "../secret").contains("outside the image directories"));
        assertTrue(refused(dirs, work.resolve("images/../secret").toString()).contains("outside"));
        Files.createSymbolicLink(work.resolve("images/link.img"), work.resolve("secret"));
        assertTrue(refused(dirs, "link.img").contains("outside"));
        Files.createSymbolicLink(work.resolve("images/etc"), Path.of("/etc"));
        assertTrue(refused(dirs, "etc/shadow").contains("outside"));
    }

    @Test
    void aMissingImageIsRefusedNamingWhereItWasLookedFor() {
        String why = refused(dirs(), "nowhere.img");
        assertTrue(why.startsWith("image nowhere.img does not exist in the image directories"), why);
        assertTrue(why.contains(work.resolve("images").toString()), why);
    }
}
