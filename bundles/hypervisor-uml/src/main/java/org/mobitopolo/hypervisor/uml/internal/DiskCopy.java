package org.mobitopolo.hypervisor.uml.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;

/**
 * Copies a VM's disk files to another host in rounds over one TCP connection: the first round
 * sends every block that is not all zeros, later rounds the blocks whose checksum changed since they
 * were sent. The stream is {@code MOBI}, then records: {@code F} file (index, size, mtime), {@code B}
 * block (index, offset, length, bytes), {@code E} end, answered with one byte once written.
 */
final class DiskCopy {
    static final int MAGIC = 0x4d4f4249;
    static final int BLOCK = 64 * 1024;

    private DiskCopy() {}

    /** The sending end: remembers what it sent of each file, to send only what changed. */
    static final class Sender implements AutoCloseable {
        private final Socket socket;
        private final DataOutputStream out;
        private final Path[] files;
        private final long[][] sums;
        private final long capBytesPerSecond;
        private final long started = System.nanoTime();
        long bytes;

        Sender(String host, int port, Path[] files, long capBytesPerSecond) throws IOException {
            this.socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 5000);
            this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 20));
            this.files = files;
            this.sums = new long[files.length][];
            this.capBytesPerSecond = capBytesPerSecond;
            out.writeInt(MAGIC);
        }

        /** Sends the blocks of file {@code index} changed since the last round; returns the bytes sent. */
        long round(int index) throws IOException {
            long sent = 0;
            try (RandomAccessFile f = new RandomAccessFile(files[index].toFile(), "r")) {
                long size = f.length();
                int blocks = (int) ((size + BLOCK - 1) / BLOCK);
                long[] previous = sums[index];
                long[] now = previous == null ? new long[blocks] : Arrays.copyOf(previous, blocks);
                out.writeByte('F');
                out.writeByte(index);
                out.writeLong(size);
                out.writeLong(Files.getLastModifiedTime(files[index]).toMillis());
                byte[] buf = new byte[BLOCK];
                CRC32 crc = new CRC32();
                for (int b = 0; b < blocks; b++) {
                    int len = (int) Math.min(BLOCK, size - (long) b * BLOCK);
                    f.seek((long) b * BLOCK);
                    f.readFully(buf, 0, len);
                    crc.reset();
                    crc.update(buf, 0, len);
                    long sum = crc.getValue() + 1; // 0 means "never sent"
                    boolean unchanged = previous != null && b < previous.length ? previous[b] == sum
                            : isZero(buf, len); // a fresh sparse file reads zeros already
                    now[b] = sum;
                    if (!unchanged) {
                        out.writeByte('B');
                        out.writeByte(index);
                        out.writeLong((long) b * BLOCK);
                        out.writeInt(len);
                        out.write(buf, 0, len);
                        sent += len;
                        throttle(sent);
                    }
                }
                sums[index] = now;
            }
            out.flush();
            bytes += sent;
            return sent;
        }

        /** Ends the copy and waits until the target has written everything. */
        void finish() throws IOException {
            out.writeByte('E');
            out.flush();
            if (socket.getInputStream().read() != 1) {
                throw new IOException("the target did not confirm the disk copy");
            }
        }

        private void throttle(long sentThisRound) {
            if (capBytesPerSecond <= 0) {
                return;
            }
            long due = (bytes + sentThisRound) * 1_000_000_000L / capBytesPerSecond - (System.nanoTime() - started);
            if (due > 0) {
                try {
                    Thread.sleep(due / 1_000_000, (int) (due % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static boolean isZero(byte[] buf, int len) {
        for (int i = 0; i < len; i++) {
            if (buf[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The receiving end: one connection, written into {@code files}; completes once the sender ended. */
    static final class Receiver implements AutoCloseable {
        private final ServerSocket server;
        private final Path[] files;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Receiver(String host, Path[] files) throws IOException {
            this.server = new ServerSocket();
            server.bind(new InetSocketAddress(host, 0));
            this.files = files;
            Thread t = new Thread(this::receive, "mobitopolo-uml-disk-in");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void receive() {
            RandomAccessFile[] open = new RandomAccessFile[files.length];
            long[] mtimes = new long[files.length];
            try (Socket s = server.accept()) {
                server.close(); // one sender only
                DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 20));
                if (in.readInt() != MAGIC) {
                    throw new IOException("not a Mobitopolo disk copy");
                }
                byte[] buf = new byte[BLOCK];
                for (int type = in.readByte(); type != 'E'; type = in.readByte()) {
                    int index = in.readByte();
                    if (index < 0 || index >= files.length) {
                        throw new IOException("no file " + index + " in this copy");
                    }
                    if (open[index] == null) {
                        open[index] = new RandomAccessFile(files[index].toFile(), "rw");
                    }
                    if (type == 'F') {
                        open[index].setLength(in.readLong());
                        mtimes[index] = in.readLong();
                    } else if (type == 'B') {
                        long offset = in.readLong();
                        int len = in.readInt();
                        if (len < 0 || len > BLOCK) {
                            throw new IOException("bad block length " + len);
                        }
                        in.readFully(buf, 0, len);
                        open[index].seek(offset);
                        open[index].write(buf, 0, len);
                    } else {
                        throw new IOException("bad record " + type);
                    }
                }
                for (int i = 0; i < files.length; i++) {
                    if (open[i] != null) {
                        open[i].getFD().sync();
                        open[i].close();
                        open[i] = null;
                        // UML checks its backing file's mtime against the one the COW header recorded.
                        Files.setLastModifiedTime(files[i], FileTime.fromMillis(mtimes[i]));
                    }
                }
                s.getOutputStream().write(1);
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            } finally {
                for (RandomAccessFile f : open) {
                    try {
                        if (f != null) {
                            f.close();
                        }
                    } catch (IOException ignored) {
                        // the copy failed already
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
