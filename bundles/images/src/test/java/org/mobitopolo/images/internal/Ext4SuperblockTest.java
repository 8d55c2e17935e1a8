package org.mobitopolo.images.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The superblock of file systems the real mke2fs made, and of files that are none. */
class Ext4SuperblockTest {
    @TempDir
    Path dir;

    static void mke2fs(Path file, UUID uuid, String label, String size) throws Exception {
        Process p = new ProcessBuilder("mke2fs", "-q", "-F", "-t", "ext4", "-L", label, "-U", uuid.toString(), file.toString(), size)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void readsTheUuidAndLabelMke2fsWrote() throws Exception {
        UUID uuid = UUID.fromString("01234567-89ab-cdef-fedc-ba9876543210");
        Path image = dir.resolve("a.ext4");
        mke2fs(image, uuid, "mobi-image", "8M");
        Ext4Superblock sb = Ext4Superblock.read(image).orElseThrow();
        assertEquals(uuid, sb.uuid());
        assertEquals("mobi-image", sb.label());
    }

    @Test
    void otherFilesHaveNone() throws Exception {
        Path text = Files.writeString(dir.resolve("text"), "not a file system");
        assertTrue(Ext4Superblock.read(text).isEmpty());
        Path zeros = Files.write(dir.resolve("zeros"), new byte[4096]);
        assertTrue(Ext4Superblock.read(zeros).isEmpty());
        assertTrue(Ext4Superblock.read(dir.resolve("missing")).isEmpty());
        assertTrue(Ext4Superblock.read(dir).isEmpty());
    }
}
