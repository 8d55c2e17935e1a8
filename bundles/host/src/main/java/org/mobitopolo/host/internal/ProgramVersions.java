package org.mobitopolo.host.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Asks programs for their version ({@code --version}, first line) and remembers the answer until
 * the binary changes, so reading host facts does not fork a process every time.
 */
final class ProgramVersions {
    private record Key(Path binary, long modified) {}

    private final Map<Key, Optional<String>> cache = new ConcurrentHashMap<>();

    /** The program's version line, or empty when it cannot tell within two seconds. */
    Optional<String> versionOf(Path binary) {
        long modified;
        try {
            modified = Files.getLastModifiedTime(binary).toMillis();
        } catch (IOException e) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(new Key(binary, modified), k -> ask(k.binary()));
    }

    private static Optional<String> ask(Path binary) {
        Process p = null;
        try {
            p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return out.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }
}
