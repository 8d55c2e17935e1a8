package org.mobitopolo.api.image;

/**
 * An image just stored in the library.
 *
 * @param name its name
 * @param sizeBytes the bytes stored
 * @param sha256 the SHA-256 of those bytes, lower-case hex
 * @param modifiedMillis when it was stored, epoch milliseconds
 * @param directory the image directory it went to
 * @param replaced whether it replaced an image of the same name
 */
public record StoredImage(String name, long sizeBytes, String sha256, long modifiedMillis, String directory,
        boolean replaced) {}
