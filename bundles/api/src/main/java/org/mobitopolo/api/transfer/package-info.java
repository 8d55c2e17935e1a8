/**
 * Snapshots fetched on demand from the hosts that have them: a host that lacks a snapshot a VM is to
 * be made from ({@code snapshot:NAME}) fetches its files, base image included, over the source host's
 * REST endpoint ({@code /api/v1/snapshots/NAME/export}), authenticated as a peer, resumed where an
 * interrupted attempt stopped, checked against the source's SHA-256 sums, and keeps them: a snapshot
 * already here, or a base image fetched for another snapshot, is not fetched again.
 * {@link org.mobitopolo.api.transfer.SnapshotTransfers} is the service that does it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.mobitopolo.api.transfer;
