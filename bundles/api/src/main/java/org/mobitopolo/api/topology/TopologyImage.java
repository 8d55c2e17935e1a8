package org.mobitopolo.api.topology;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A guest image the file declares, built from Debian packages on each host that makes a VM from it
 * ({@code POST /api/v1/images/NAME/build}, which reuses an image built from the same packages).
 *
 * @param name its name in the hosts' image library, which nodes' {@code image} name
 * @param packages the Debian packages it is built from, as the file lists them
 * @param sizeMb the image's size in MiB, or 0 for its files plus room to spare
 */
public record TopologyImage(String name, List<String> packages, int sizeMb) {
    /** Checks that no part is missing and copies the list. */
    public TopologyImage {
        requireNonNull(name, "name");
        packages = List.copyOf(packages);
    }
}
