package org.mobitopolo.transfer.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.mobitopolo.api.image.Images;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.PeerCredentials;
import org.mobitopolo.api.transfer.ImageTransfers;
import org.mobitopolo.api.transfer.TransferInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;

/**
 * Image transfers over HTTP ({@link TransferTable}), stored in the image library; configured with the
 * snapshot transfers ({@code org.mobitopolo.transfer}).
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component(service = ImageTransfers.class, configurationPid = "org.mobitopolo.transfer")
public final class ImageTransferService implements ImageTransfers {
    private final TransferTable table;
    /** Optional: the image library may be uninstalled while this runs; a fetch then says so. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Images images;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PeerCredentials peers;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Activate
    public ImageTransferService(TransferService.Config config) {
        Path data = TransferService.dataDir(config);
        this.table = new TransferTable(TransferService.settings(Kind.IMAGE, TOPIC, config, () -> peers, () -> events),
                new ImageFetch(this::library, new Staging(data)));
    }

    private Images library() {
        return PlatformException.requirePlugin(images, "image library", "mobitopolo-images");
    }

    @Deactivate
    void deactivate() {
        table.close();
    }

    @Override
    public CompletionStage<TransferInfo> fetch(String image, URI from, long rateBytesPerSecond) {
        Names.image(image);
        return table.fetch(image, from, rateBytesPerSecond, this::here);
    }

    /** Whether the library has an image of that name; an entry it cannot use is its error. */
    private boolean here(String image) {
        try {
            library().info(image);
            return true;
        } catch (PlatformException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<TransferInfo> list() {
        return table.list();
    }

    @Override
    public Optional<TransferInfo> get(String image) {
        return table.get(image);
    }

    @Override
    public TransferInfo cancel(String image) {
        return table.cancel(image);
    }
}
