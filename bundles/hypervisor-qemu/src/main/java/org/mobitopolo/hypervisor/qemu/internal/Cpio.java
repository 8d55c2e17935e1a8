package org.mobitopolo.hypervisor.qemu.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a directory tree as a cpio archive in the "newc" format the Linux kernel unpacks as its
 * initramfs, every entry owned by root. Only directories and regular files (what the guest root
 * holds).
 */
final class Cpio {
    private static final int DIRECTORY = 0040000;
    private static final int REGULAR = 0100000;

    private final OutputStream out;
    private long written;
    private int inode;

    private Cpio(OutputStream out) {
        this.out = out;
    }

    static void write(Path root, Path archive) throws IOException {
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(archive));
                Stream<Path> tree = Files.walk(root)) {
            Cpio cpio = new Cpio(os);
            for (Path p : tree.sorted().toList()) {
                if (!p.equals(root)) {
                    cpio.entry(root.relativize(p).toString(), p);
                }
            }
            cpio.header("TRAILER!!!", 0, 0);
            cpio.pad();
        }
    }

    private void entry(String name, Path p) throws IOException {
        int permissions = mode(Files.getPosixFilePermissions(p).stream().toList());
        if (Files.isDirectory(p)) {
            header(name, DIRECTORY | permissions, 0);
        } else {
            byte[] data = Files.readAllBytes(p);
            header(name, REGULAR | permissions, data.length);
            out.write(data);
            written += data.length;
            pad();
        }
    }

    private void header(String name, int mode, long size) throws IOException {
        byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
        String h = String.format("070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
                ++inode, mode, 0, 0, 1, 0, size, 0, 0, 0, 0, n.length, 0);
        out.write(h.getBytes(StandardCharsets.US_ASCII));
        out.write(n);
        written += h.length() + n.length;
        pad();
    }

    private void pad() throws IOException {
        while (written % 4 != 0) {
            out.write(0);
            written++;
        }
    }

    private static int mode(List<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 1 << (8 - p.ordinal()); // OWNER_READ is 0400 ... OTHERS_EXECUTE is 0001
        }
        return mode;
    }
}
