package org.mobitopolo.hypervisor.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/**
 * The root file system of the default guests: a static busybox, Mobitopolo's {@code /init} (the
 * same for every hypervisor, configured by {@link GuestParams}) and a page for its web server.
 */
public final class GuestRoot {
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
    }
}
