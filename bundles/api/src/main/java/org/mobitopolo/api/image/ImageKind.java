package org.mobitopolo.api.image;

/** What an image in the library is. */
public enum ImageKind {
    /** A disk image file: an ext4 root for UML, a raw or qcow2 disk for QEMU. */
    FILE,
    /** A root file system tree, booted by UML over hostfs. */
    DIRECTORY
}
