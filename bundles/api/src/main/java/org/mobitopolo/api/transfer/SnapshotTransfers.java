package org.mobitopolo.api.transfer;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Fetches snapshots from other hosts, one transfer per snapshot name at a time. Failures are
 * {@link org.mobitopolo.api.platform.PlatformException}s whose message names what failed (the source,
 * a file and both checksums...). A transfer that fails or is cancelled changes nothing on the source
 * and imports nothing here: the partial files it leaves are where the next attempt resumes.
 */
@ProviderType
public interface SnapshotTransfers {
    /**
     * Event Admin topic of transfer progress, posted at most every 250 ms while a transfer runs and once
     * when it ends. Properties: {@code snapshot}, {@code from} (strings), {@code state} (a
     * {@link TransferState} name), {@code doneBytes}, {@code totalBytes} (longs) and {@code error}.
     */
    String TOPIC = "org/mobitopolo/snapshot/TRANSFER";

    /**
     * Fetches a snapshot from the host at {@code from} unless it is here already, and imports it into
     * the hypervisor of its kind. A fetch of a snapshot that is being fetched joins that transfer.
     *
     * @param snapshot the snapshot's name
     * @param from the source's Mobitopolo URL, {@code http(s)://host[:port]}; this host presents the
     *     credential it keeps for it ({@link org.mobitopolo.api.security.PeerCredentials})
     * @param rateBytesPerSecond the most this transfer receives per second, 0 for no limit: a WAN link
     *     stays usable for the VMs
     * @return completes with the {@link TransferState#COMPLETED} transfer once the snapshot is here, or
     *     fails with why it did not come (a cancel fails it with {@code CONFLICT})
     * @throws org.mobitopolo.api.platform.PlatformException {@code BAD_REQUEST} at once for a bad name,
     *     URL or rate
     */
    CompletionStage<TransferInfo> fetch(String snapshot, URI from, long rateBytesPerSecond);

    /** The transfers since this runtime started, running ones and the newest ended ones, oldest first. */
    List<TransferInfo> list();

    /** The latest transfer of a snapshot, if there was one since this runtime started. */
    Optional<TransferInfo> get(String snapshot);

    /**
     * Cancels a running transfer and waits until it has stopped writing; what it received is kept for
     * the next attempt.
     *
     * @return the transfer, {@link TransferState#CANCELLED}
     * @throws org.mobitopolo.api.platform.PlatformException {@code NOT_FOUND} when there was no transfer
     *     of that snapshot, {@code CONFLICT} when it has ended
     */
    TransferInfo cancel(String snapshot);
}
