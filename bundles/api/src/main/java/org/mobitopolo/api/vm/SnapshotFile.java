package org.mobitopolo.api.vm;

/**
 * One file a host needs to make VMs from a snapshot, as another host fetches it: a file of the
 * snapshot's own, or {@value #BASE}, the base image its disk layer sits on.
 *
 * @param name the file's name in the snapshot's listing: no directories, e.g. {@code disk.cow}
 * @param sizeBytes its length
 * @param sha256 the SHA-256 of its content, lower-case hex: what the fetching host checks its copy against
 * @param modifiedMillis its modification time, epoch milliseconds; a copy keeps it (UML's copy-on-write
 *     header records its base's time and refuses a base of another)
 */
public record SnapshotFile(String name, long sizeBytes, String sha256, long modifiedMillis) {
    /** The listing's name of the snapshot's base image. */
    public static final String BASE = "base";
}
