package org.mobitopolo.api.image;

/**
 * One image of the library.
 *
 * @param name its name in its directory, what a VM's {@code image} names
 * @param kind a file or a root directory
 * @param sizeBytes the file's size; for a directory, the sum of its regular files' sizes
 * @param modifiedMillis when it last changed, epoch milliseconds
 * @param directory the image directory holding it
 */
public record ImageInfo(String name, ImageKind kind, long sizeBytes, long modifiedMillis, String directory) {}
