package org.mobitopolo.transfer.internal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.SnapshotFile;

/**
 * Fetches one file of a listing into its staging place: resumes its partial copy, counts every byte as
 * it is written, checks the SHA-256 of the whole, and moves it into place with the source's time. A
 * copy whose sum does not match is deleted, so that the next attempt fetches it anew.
 */
final class Fetcher {
    private final SourceHost source;
    private final Transfer transfer;
    private final Throttle throttle;

    Fetcher(SourceHost source, Transfer transfer) {
        this.source = source;
        this.transfer = transfer;
        this.throttle = new Throttle(transfer.rateBytesPerSecond);
    }

    /** Brings {@code file} to {@code target}, verified; {@code target} whole already counts as reused. */
    void fetch(SnapshotFile file, Path target) throws IOException, InterruptedException {
        long have = Staging.reusable(target, file.sizeBytes());
        if (have == file.sizeBytes() && Files.isRegularFile(target)) {
            transfer.reused(have); // verified when it was finished
            return;
        }
        Files.createDirectories(target.getParent());
        Path part = Staging.part(target);
        MessageDigest digest = digest(part, have);
        if (have < file.sizeBytes()) {
            try (SourceHost.Body body = source.open(transfer, file.name(), have, file.sizeBytes())) {
                if (body.offset() == 0 && have > 0) {
                    digest.reset(); // the source sent it whole: start again
                    have = 0;
                }
                transfer.reused(have);
                copy(body.in(), part, have > 0, file.sizeBytes() - have, digest, file.name());
            }
        } else {
            transfer.reused(have);
        }
        String sum = HexFormat.of().formatHex(digest.digest());
        if (!sum.equals(file.sha256())) {
            Files.deleteIfExists(part);
            throw new PlatformException(ErrorCode.FAILED, "checksum mismatch for file " + file.name() + " of "
                    + transfer.what() + " from " + transfer.from + ": expected SHA-256 " + file.sha256() + ", got " + sum
                    + "; the copy here is deleted, fetch again");
        }
        Files.setLastModifiedTime(part, FileTime.fromMillis(file.modifiedMillis()));
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Appends {@code remaining} bytes of {@code in} to {@code part}. A stream, not a channel: an interrupt
     * (a cancel) must not close the file in the middle of a write that has then been counted or not.
     */
    private void copy(InputStream in, Path part, boolean append, long remaining, MessageDigest digest, String name)
            throws IOException, InterruptedException {
        byte[] buf = new byte[throttle.chunk()];
        if (!transfer.reading(in)) {
            throw new InterruptedException();
        }
        try (FileOutputStream out = new FileOutputStream(part.toFile(), append)) {
            while (remaining > 0) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
                if (n < 0) {
                    throw new PlatformException(ErrorCode.FAILED, "source " + transfer.from + " ended file " + name
                            + " of " + transfer.what() + " " + remaining + " bytes short");
                }
                out.write(buf, 0, n);
                digest.update(buf, 0, n);
                transfer.received(n);
                remaining -= n;
                throttle.pace(n);
            }
            out.getFD().sync();
        } catch (InterruptedIOException | ClosedByInterruptException e) {
            throw (InterruptedException) new InterruptedException().initCause(e);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted() || transfer.stopReason() != null) {
                throw (InterruptedException) new InterruptedException().initCause(e);
            }
            throw new PlatformException(ErrorCode.UNAVAILABLE, "source " + transfer.from + " broke off file " + name
                    + " of " + transfer.what() + ": " + (e.getMessage() != null ? e.getMessage() : "connection lost"), e);
        } finally {
            transfer.reading(null);
        }
    }

    /** A digest that has read the first {@code length} bytes of {@code part}. */
    private static MessageDigest digest(Path part, long length) throws IOException {
        MessageDigest digest = newDigest();
        if (length > 0) {
            byte[] buf = new byte[1 << 20];
            try (InputStream in = Files.newInputStream(part)) {
                for (long left = length; left > 0; ) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        throw new IOException(part + " shrank while it was read");
                    }
                    digest.update(buf, 0, n);
                    left -= n;
                }
            }
        }
        return digest;
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
