package org.mobitopolo.api.image;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.mobitopolo.api.platform.PlatformException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Builds bootable root images from Debian packages into the image library: a UML VM boots one as its
 * ext4 root, a QEMU VM as its disk, which the initramfs makes the root. The image carries the
 * platform's guest conventions (Mobitopolo's {@code /init} reading the {@code mobi.*} parameters,
 * the readiness marker, {@code mobi.run=} to start its services). Builds run one at a time; an image
 * built from the same packages is reused instead of built again.
 */
@ProviderType
public interface ImageBuilder {
    /**
     * Event Admin topic of a build's progress: posted at each phase, each line of output and the end,
     * with the properties {@code id}, {@code name}, {@code state}, {@code phase}, {@code bytes},
     * {@code downloadedBytes}, {@code imageBytes}, {@code line} (the newest line) and {@code error}.
     */
    String TOPIC = "org/mobitopolo/image/BUILD";

    /**
     * Starts a build, or completes at once when the library has an image of the same packages: under
     * that name already, or under another one, which is then linked to this name.
     *
     * @return the build as it stands now
     * @throws PlatformException {@code BAD_REQUEST} for a bad name, package name, package count or size;
     *     {@code CONFLICT} when the name is taken by an image built otherwise (or uploaded), or a build
     *     of that name runs; {@code UNAVAILABLE} when this host cannot build (no {@code mmdebstrap},
     *     {@code mke2fs}, or not root)
     */
    ImageBuildStatus build(ImageBuildRequest request);

    /** The latest build of the image {@code name} since this runtime started, running or ended. */
    Optional<ImageBuildStatus> status(String name);

    /** The latest builds, the running ones first. */
    List<ImageBuildStatus> builds();

    /**
     * Completes with the latest build of {@code name} once it has ended, completed or failed (never
     * exceptionally for a failed build: its status says why).
     *
     * @throws PlatformException {@code NOT_FOUND} when no build of that name is known
     */
    CompletionStage<ImageBuildStatus> completion(String name);
}
