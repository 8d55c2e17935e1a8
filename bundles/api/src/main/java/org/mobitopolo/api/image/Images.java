package org.mobitopolo.api.image;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.mobitopolo.api.platform.PlatformException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's one image library: the configured image directories ({@code imageDirs} of
 * {@code org.mobitopolo.images}), which every VM's user image, hostfs root and later built image
 * comes from. An image is named by a plain name: a letter or digit, then up to 127 letters, digits,
 * dots, dashes or underscores.
 */
@ProviderType
public interface Images {
    /**
     * The image directories, their symbolic links resolved, in order: a name is looked up in the
     * first that has it, and new images go to the first.
     */
    List<Path> directories();

    /** The largest image {@link #store} accepts, in bytes. */
    long maxUploadBytes();

    /**
     * Every image, ordered by name; a name in an earlier directory hides the same name in a later
     * one. Entries that lead outside the directories (symbolic links pointing out) are left out.
     */
    List<ImageInfo> list();

    /**
     * One image.
     *
     * @throws PlatformException {@code BAD_REQUEST} for a name that is none or an entry leading outside
     *     the directories, {@code NOT_FOUND} when no directory has it
     */
    ImageInfo info(String name);

    /**
     * Stores an image from a stream, never held in memory: written to a temporary file beside its
     * final place and moved there in one step once complete, so that no one ever sees half an image.
     * On any failure nothing is left behind and an image it would have replaced is unchanged.
     *
     * @param declaredLength the length the sender announced, or {@code -1}; checked against the limit
     *     and the free space before anything is read
     * @param replace whether an image of that name may be replaced
     * @throws PlatformException {@code BAD_REQUEST} for a bad name or a stream that ends before its
     *     declared length, {@code CONFLICT} when the name is taken (and {@code replace} is false, or the
     *     image is a directory or used by a VM), {@code PAYLOAD_TOO_LARGE} beyond
     *     {@link #maxUploadBytes}, {@code INSUFFICIENT_STORAGE} when the directory's file system is full
     */
    StoredImage store(String name, InputStream content, long declaredLength, boolean replace);

    /**
     * An image as another host fetches it ({@code GET /api/v1/images/NAME/export}): its file, size, time
     * and SHA-256, the sum computed once for each size and time of the file.
     *
     * @throws PlatformException as {@link #info}; {@code BAD_REQUEST} for a directory (a hostfs root,
     *     which is not fetched)
     */
    ImageExport export(String name);

    /**
     * Deletes an image (a directory with everything in it).
     *
     * @throws PlatformException {@code BAD_REQUEST} or {@code NOT_FOUND} as {@link #info};
     *     {@code CONFLICT} while a VM or a snapshot is made from it
     */
    void delete(String name);
}
