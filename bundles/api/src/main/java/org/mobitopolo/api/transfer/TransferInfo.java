package org.mobitopolo.api.transfer;

import java.net.URI;

/**
 * One attempt at fetching a snapshot or an image, as it stands. Bytes are counted as they are written
 * here, so that an attempt after an interrupted one shows exactly what was not sent twice: its
 * {@code reusedBytes} include the {@code receivedBytes} of the one before.
 *
 * @param name the snapshot's or the image's name
 * @param from the Mobitopolo host it is fetched from, e.g. {@code http://10.0.0.1:8181}
 * @param state where the attempt stands
 * @param totalBytes the size of every file it needs here (a snapshot's base image included); 0 until
 *     the source's listing arrived, and when it was here already
 * @param doneBytes how much of that is here now: {@code receivedBytes + reusedBytes}
 * @param receivedBytes bytes that came over the network in this attempt
 * @param reusedBytes bytes not fetched in this attempt: kept from an interrupted attempt's partial files,
 *     or a base image fetched for another snapshot
 * @param startedMillis when the attempt started, epoch milliseconds
 * @param finishedMillis when it ended, or 0 while it runs
 * @param error why it failed or was cancelled; empty otherwise
 */
public record TransferInfo(String name, URI from, TransferState state, long totalBytes, long doneBytes,
        long receivedBytes, long reusedBytes, long startedMillis, long finishedMillis, String error) {}
