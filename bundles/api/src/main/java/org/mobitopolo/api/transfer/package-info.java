/**
 * Snapshots fetched on demand from the hosts that have them: a host that lacks a snapshot a VM is to
 * be made from ({@code snapshot:NAME}) fetches its files, base image included, over the source host's
 * REST endpoint ({@code /api/v1/snapshots/NAME/export}), authenticated as a peer, resumed where an
 * interrupted attempt stopped, checked against the source's SHA-256 sums, and keeps them: a snapshot
 * already here, or a base image fetched for another snapshot, is not fetched again.
 * {@link org.mobitopolo.api.transfer.SnapshotTransfers} is the service that does it;
 * {@link org.mobitopolo.api.transfer.ImageTransfers} does the same for the image library's files
 * ({@code /api/v1/images/NAME/export}), so that an image built on one host is fetched, not built
 * again, by the others.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package org.mobitopolo.api.transfer;
