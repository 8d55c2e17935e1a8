package org.mobitopolo.transfer.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.mobitopolo.api.image.Images;
import org.mobitopolo.api.image.StoredImage;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.SnapshotFile;

/**
 * An image's fetch: its one file staged ({@code images/NAME.SHA256}), verified, then stored in the
 * image library, which checks the name, the space and that nothing took the name meanwhile.
 */
final class ImageFetch implements Attempt.Work {
    private final Supplier<Images> images;
    private final Staging staging;

    /** @param images the image library, or {@code UNAVAILABLE} when it is not installed */
    ImageFetch(Supplier<Images> images, Staging staging) {
        this.images = images;
        this.staging = staging;
    }

    @Override
    public void fetch(Transfer t, SourceHost source) throws IOException, InterruptedException {
        Images library = images.get(); // before a byte is fetched
        SnapshotFile file = source.image(t.name);
        t.total(file.sizeBytes());
        Path target = staging.image(t.name, file.sha256());
        long needed = file.sizeBytes() - Staging.reusable(target, file.sizeBytes());
        long free = Files.getFileStore(staging.root()).getUsableSpace();
        if (needed > free) {
            throw new PlatformException(ErrorCode.INSUFFICIENT_STORAGE, t.what() + " needs " + needed + " more bytes in "
                    + staging.root() + ", which has " + free + " free");
        }
        new Fetcher(source, t).fetch(file, target);
        if (!t.importing()) {
            throw new InterruptedException();
        }
        StoredImage stored;
        try (InputStream in = Files.newInputStream(target)) {
            stored = library.store(t.name, in, file.sizeBytes(), false);
        }
        Files.delete(target);
        if (!stored.sha256().equals(file.sha256())) { // changed on this disk between the check and the store
            library.delete(t.name);
            throw new PlatformException(ErrorCode.FAILED, t.what() + " changed while it was stored here; fetch it again");
        }
    }
}
