package org.mobitopolo.hypervisor.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/**
 * The root file system of the default guests: a static busybox, Mobitopolo's {@code /init} (the
 * same for every hypervisor, configured by {@link GuestParams}), a page for its web server, and the
 * host's {@code iperf3} with the libraries it loads, so that guests measure their network as hosts do.
 * The images built from Debian packages (the image library's builder) carry the same {@code /init}.
 */
public final class GuestRoot {
    /** A library in {@code ldd}'s output: {@code libc.so.6 => /lib/.../libc.so.6 (0x...)} or {@code /lib64/ld-linux... (0x...)}. */
    private static final Pattern LIBRARY = Pattern.compile("(?:=>\\s+|^\\s*)(/\\S+)\\s+\\(0x");
    static final Path IPERF3 = Path.of("/usr/bin/iperf3");

    private GuestRoot() {}

    /** Fills {@code root} from the host's static {@code busybox}. */
    public static void populate(Path root, Path busybox) throws IOException {
        if (!Files.isExecutable(busybox)) {
            throw new PlatformException(ErrorCode.UNAVAILABLE,
                    busybox + " not found: install busybox-static (scripts/setup.sh) to build the default guest");
        }
        for (String d : new String[] {"bin", "proc", "sys", "dev", "run", "tmp", "root", "var/www", "etc", "data"}) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(busybox, root.resolve("bin/busybox"), StandardCopyOption.REPLACE_EXISTING);
        try (InputStream init = GuestRoot.class.getResourceAsStream("init")) {
            Files.copy(init, root.resolve("init"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(root.resolve("init"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(root.resolve("bin/busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(root.resolve("var/www/index.html"), "Mobitopolo guest\n", StandardCharsets.UTF_8);
        addIperf3(root, IPERF3);
    }

    /** Mobitopolo's {@code /init} script, as every guest runs it: the default ones and the images built from packages. */
    public static byte[] initScript() throws IOException {
        try (InputStream init = GuestRoot.class.getResourceAsStream("init")) {
            return init.readAllBytes();
        }
    }

    /** Copies {@code binary} and every shared library it loads to the same paths under {@code root}; absent, nothing. */
    static void addIperf3(Path root, Path binary) throws IOException {
        if (!Files.isExecutable(binary)) {
            return; // the guest goes without; scripts/setup.sh installs iperf3
        }
        List<Path> files = new ArrayList<>(List.of(binary));
        Process ldd = new ProcessBuilder("ldd", binary.toString()).redirectErrorStream(true).start();
        for (String line : new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            Matcher m = LIBRARY.matcher(line);
            if (m.find()) {
                files.add(Path.of(m.group(1)));
            }
        }
        for (Path file : files) {
            Path to = root.resolve(file.toString().substring(1));
            Files.createDirectories(to.getParent());
            Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING); // the file a symbolic link points at
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
