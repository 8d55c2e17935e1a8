package org.mobitopolo.api.image;

/** The steps of an image build, in order. */
public enum BuildPhase {
    /** Waiting for the build before it: one build runs at a time. */
    QUEUED,
    /** {@code mmdebstrap}: Debian's packages resolved, downloaded (or taken from the cache of .debs) and installed into a root tree. */
    BOOTSTRAP,
    /** The platform's guest conventions written into the tree: Mobitopolo's {@code /init}, host name, the image's metadata. */
    CONVENTIONS,
    /** {@code mke2fs -d}: the tree made into an ext4 image beside the library, hidden. */
    FILESYSTEM,
    /** The image moved into the library under its name, in one step. */
    STORE,
    /** Ended: completed or failed. */
    DONE
}
