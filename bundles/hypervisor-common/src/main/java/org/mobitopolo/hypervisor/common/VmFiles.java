package org.mobitopolo.hypervisor.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/** File and tool chores of hypervisors, failing with messages meant for the user. */
public final class VmFiles {
    private VmFiles() {}

    public static Properties read(Path file) {
        try {
            return SpecFile.read(file);
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static void deleteTree(Path dir) {
        // A VM's exit handler may remove its pid file while we walk; walk again then.
        for (int attempt = 1; Files.exists(dir); attempt++) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException | UncheckedIOException e) {
                if (attempt == 3) {
                    throw new PlatformException(ErrorCode.FAILED, "cannot delete " + dir + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** Runs a host tool to its end (at most a minute); its output becomes the error when it fails. */
    public static void run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new PlatformException(ErrorCode.FAILED, String.join(" ", command) + " failed: "
                        + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new PlatformException(ErrorCode.FAILED, "interrupted while running " + command[0], e);
        }
    }
}
