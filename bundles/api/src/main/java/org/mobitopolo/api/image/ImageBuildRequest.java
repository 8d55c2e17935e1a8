package org.mobitopolo.api.image;

import java.util.List;

/**
 * What to build.
 *
 * @param name the image's name in the library (the library's image names)
 * @param packages Debian package names ({@code [a-z0-9][a-z0-9+.-]+}, at most 64); their dependencies
 *     come along. Order and repetitions do not matter
 * @param sizeMb the ext4 image's size in MiB, or 0 for the root's files plus room to spare
 */
public record ImageBuildRequest(String name, List<String> packages, int sizeMb) {
    public ImageBuildRequest {
        packages = packages == null ? List.of() : List.copyOf(packages);
    }
}
