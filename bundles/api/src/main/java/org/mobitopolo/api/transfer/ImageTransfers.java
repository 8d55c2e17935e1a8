package org.mobitopolo.api.transfer;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Fetches image files of the image library from other hosts, one transfer per image name at a time,
 * as {@link SnapshotTransfers} fetches snapshots: authenticated as a peer, resumed where an interrupted
 * attempt stopped, checked against the source's SHA-256, and stored in the library only once whole
 * and verified (an image built from packages carries its cache key inside, so a build of the same
 * packages here reuses it).
 */
@ProviderType
public interface ImageTransfers {
    /** Event Admin topic of image transfer progress, with the properties of {@link SnapshotTransfers#TOPIC}, {@code image} for {@code snapshot}. */
    String TOPIC = "org/mobitopolo/image/TRANSFER";

    /**
     * Fetches an image from the host at {@code from} unless the library has one of that name already.
     * A fetch of an image that is being fetched joins that transfer.
     *
     * @return completes with the {@link TransferState#COMPLETED} transfer once the image is in the
     *     library, or fails with why it did not come (a cancel fails it with {@code CONFLICT})
     * @throws org.mobitopolo.api.platform.PlatformException {@code BAD_REQUEST} at once for a bad name,
     *     URL or rate; {@code UNAVAILABLE} when this host has no image library
     */
    CompletionStage<TransferInfo> fetch(String image, URI from, long rateBytesPerSecond);

    /** The image transfers since this runtime started, running ones and the newest ended ones, oldest first. */
    List<TransferInfo> list();

    /** The latest transfer of an image, if there was one since this runtime started. */
    Optional<TransferInfo> get(String image);

    /**
     * Cancels a running transfer and waits until it has stopped writing; what it received is kept.
     *
     * @throws org.mobitopolo.api.platform.PlatformException {@code NOT_FOUND} or {@code CONFLICT} as
     *     {@link SnapshotTransfers#cancel}
     */
    TransferInfo cancel(String image);
}
