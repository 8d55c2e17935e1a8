package org.mobitopolo.store.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * This runtime as the store records it.
 *
 * @param id stable across restarts: kept in a file in the runtime's data directory
 * @param name the Karaf instance's name
 * @param host the host it runs on
 */
record LocalInstance(String id, String name, String host) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    LocalInstance {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("instance id must be 1-64 letters, digits or ._:-, not '" + id + "'");
        }
    }

    /** This runtime: {@code configuredId} if set, else the id kept in {@code idFile} (made on first use). */
    static LocalInstance of(String configuredId, Path idFile) {
        String id = configuredId == null || configuredId.isBlank() ? readOrCreate(idFile) : configuredId.strip();
        return new LocalInstance(id, System.getProperty("karaf.name", "karaf"), hostname());
    }

    static String readOrCreate(Path idFile) {
        try {
            if (!Files.exists(idFile)) {
                Files.createDirectories(idFile.getParent());
                Path written = Files.createTempFile(idFile.getParent(), ".instance-id", ".tmp");
                try {
                    Files.writeString(written, UUID.randomUUID() + "\n", StandardCharsets.US_ASCII);
                    // a hard link appears whole or not at all, and never replaces an id already there
                    Files.createLink(idFile, written);
                } catch (FileAlreadyExistsException keptByAnother) {
                    // another store on this data directory was first: its id is ours
                } finally {
                    Files.delete(written);
                }
            }
            return Files.readString(idFile, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep this runtime's store id in " + idFile, e);
        }
    }

    private static String hostname() {
        try {
            // the kernel's name for the host, without a DNS lookup
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException notLinux) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "unknown";
            }
        }
    }
}
