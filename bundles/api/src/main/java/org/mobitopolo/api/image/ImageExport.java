package org.mobitopolo.api.image;

import java.nio.file.Path;

/**
 * An image file as this host serves it to another.
 *
 * @param name its name in the library
 * @param file where it is
 * @param sizeBytes its size
 * @param sha256 the SHA-256 of its bytes, lower-case hex
 * @param modifiedMillis when it last changed, epoch milliseconds
 */
public record ImageExport(String name, Path file, long sizeBytes, String sha256, long modifiedMillis) {}
