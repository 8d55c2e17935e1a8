package org.mobitopolo.hypervisor.uml.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk copy of a UML move: rounds send only what changed, and the copy ends identical, mtimes included. */
class DiskCopyTest {
    @TempDir
    Path dir;

    private Path sparse(String name, long size) throws IOException {
        Path f = dir.resolve(name);
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(size);
        }
        return f;
    }

    private static void write(Path f, long offset, String text) throws IOException {
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.seek(offset);
            r.write(text.getBytes());
        }
    }

    @Test
    void laterRoundsSendOnlyChangedBlocksAndTheCopyEndsIdentical() throws Exception {
        Path base = sparse("base.img", 8L << 20);
        write(base, 3 * DiskCopy.BLOCK + 10, "base data");
        Files.setLastModifiedTime(base, FileTime.fromMillis(1_700_000_000_000L));
        Path cow = sparse("disk.cow", 1L << 20);
        write(cow, 0, "header");
        Path baseCopy = dir.resolve("copy-base.img");
        Path cowCopy = dir.resolve("copy-disk.cow");

        try (DiskCopy.Receiver receiver = new DiskCopy.Receiver("127.0.0.1", new Path[] {baseCopy, cowCopy});
                DiskCopy.Sender sender = new DiskCopy.Sender("127.0.0.1", receiver.port(), new Path[] {base, cow}, 0)) {
            assertEquals(DiskCopy.BLOCK, sender.round(0), "one block of 128 is not zeros");
            assertEquals(DiskCopy.BLOCK, sender.round(1));
            assertEquals(0, sender.round(1), "nothing changed, nothing sent");
            write(cow, 5 * DiskCopy.BLOCK, "guest wrote here");
            byte[] tail = new byte[100];
            java.util.Arrays.fill(tail, (byte) 7);
            Files.write(cow, tail, StandardOpenOption.APPEND); // the layer grows
            assertEquals(DiskCopy.BLOCK + 100, sender.round(1), "the changed block and the new tail");
            sender.finish();
            receiver.done.get(5, TimeUnit.SECONDS);
        }
        assertArrayEquals(Files.readAllBytes(base), Files.readAllBytes(baseCopy));
        assertArrayEquals(Files.readAllBytes(cow), Files.readAllBytes(cowCopy));
        assertEquals(Files.getLastModifiedTime(base).toMillis(), Files.getLastModifiedTime(baseCopy).toMillis(),
                "UML checks its backing file's mtime");
    }

    @Test
    void aStreamThatIsNotACopyFailsTheReceiverNotTheHost() throws Exception {
        try (DiskCopy.Receiver receiver = new DiskCopy.Receiver("127.0.0.1", new Path[] {dir.resolve("x")});
                var garbage = new java.net.Socket("127.0.0.1", receiver.port())) {
            garbage.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes());
            ExecutionException e = assertThrows(ExecutionException.class, () -> receiver.done.get(5, TimeUnit.SECONDS));
            assertEquals("not a Mobitopolo disk copy", e.getCause().getMessage());
        }
    }
}
