package org.mobitopolo.hypervisor.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/**
 * Where users' images come from: the configured image directories and nowhere else. A request names
 * an image by its name in one of them, or by a path inside one; anything that leads elsewhere
 * (another absolute path, {@code ..}, a symbolic link pointing out) is refused, so that no request
 * can make a host file such as {@code /etc/shadow} a VM's disk or root.
 */
public final class ImageDirs {
    private final List<Path> dirs;

    private ImageDirs(List<Path> dirs) {
        this.dirs = dirs;
    }

    /**
     * @param configured comma-separated directories; empty for {@code ${karaf.data}/mobitopolo/images}.
     *     Each is created when missing.
     */
    public static ImageDirs of(String configured) {
        List<String> names = Stream.of(configured.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        return of((names.isEmpty() ? List.of(GuestHypervisor.dataDir("", "images").toString()) : names).stream()
                .map(Path::of).toList());
    }

    /** @param dirs the directories, e.g. the image library's; each is created when missing */
    public static ImageDirs of(List<Path> dirs) {
        List<Path> real = new ArrayList<>();
        for (Path dir : dirs) {
            try {
                real.add(Files.createDirectories(dir).toRealPath());
            } catch (IOException e) {
                throw new PlatformException(ErrorCode.FAILED, "cannot use image directory " + dir + ": " + e.getMessage(), e);
            }
        }
        return new ImageDirs(List.copyOf(real));
    }

    /** The directories, their symbolic links resolved. */
    public List<Path> dirs() {
        return dirs;
    }

    /**
     * The file or directory {@code image} names, its symbolic links resolved: a name in one of the
     * directories (the first that has it) or a path inside one. Fails with {@code BAD_REQUEST} when
     * it leads outside them or does not exist.
     */
    public Path resolve(String image) {
        Path asked = Path.of(image);
        List<Path> candidates = asked.isAbsolute() ? List.of(asked) : dirs.stream().map(d -> d.resolve(asked)).toList();
        for (Path candidate : candidates) {
            Path real;
            try {
                real = candidate.toRealPath();
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                throw new PlatformException(ErrorCode.BAD_REQUEST, "cannot read image " + image + ": " + e.getMessage(), e);
            }
            if (dirs.stream().noneMatch(d -> real.startsWith(d) && !real.equals(d))) {
                throw new PlatformException(ErrorCode.BAD_REQUEST, "image " + image
                        + " is outside the image directories " + dirs + " (imageDirs); put it in one of them");
            }
            return real;
        }
        throw new PlatformException(ErrorCode.BAD_REQUEST, "image " + image + " does not exist in the image directories "
                + dirs + " (imageDirs)");
    }
}
