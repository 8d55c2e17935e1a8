package org.mobitopolo.images.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;

/**
 * The two fields of an ext2/3/4 superblock a built image is recognized by: its UUID (the build's cache
 * key) and its volume label. Read from the file's bytes, no mount: the superblock starts at byte 1024,
 * little-endian, magic {@code 0xEF53} at offset 0x38, UUID at 0x68, label at 0x78 (16 bytes each).
 *
 * @param uuid the file system's UUID
 * @param label its volume label, or empty
 */
record Ext4Superblock(UUID uuid, String label) {
    private static final int OFFSET = 1024;
    private static final int MAGIC = 0xEF53;

    /** The superblock of {@code file}, or empty when it is no ext file system (a qcow2 disk, any other file). */
    static Optional<Ext4Superblock> read(Path file) {
        ByteBuffer sb = ByteBuffer.allocate(0x88).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            while (sb.hasRemaining() && in.read(sb, OFFSET + sb.position()) > 0) {
                // read on: a short read is allowed
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        if (sb.hasRemaining() || (sb.getShort(0x38) & 0xFFFF) != MAGIC) {
            return Optional.empty();
        }
        UUID uuid = new UUID(sb.order(ByteOrder.BIG_ENDIAN).getLong(0x68), sb.getLong(0x70));
        byte[] name = new byte[16];
        sb.get(0x78, name);
        int end = 0;
        while (end < name.length && name[end] != 0) {
            end++;
        }
        return Optional.of(new Ext4Superblock(uuid, new String(name, 0, end, StandardCharsets.UTF_8)));
    }
}
