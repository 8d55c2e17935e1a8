package org.mobitopolo.images.internal;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.mobitopolo.api.image.ImageInfo;
import org.mobitopolo.api.image.Images;
import org.mobitopolo.api.image.StoredImage;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.VmRegistry;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's image library on the directories of {@code org.mobitopolo.images}. A change of
 * that configuration is taken while the service stays registered, so the hypervisors that ask it for
 * images keep running, and so do their VMs.
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component(service = Images.class, configurationPid = ImageLibrary.PID)
@Designate(ocd = ImageLibrary.Config.class)
public final class ImageLibrary implements Images {
    static final String PID = "org.mobitopolo.images";
    private static final Logger LOG = LoggerFactory.getLogger(ImageLibrary.class);

    @ObjectClassDefinition(name = "Mobitopolo image library", description = "Where VMs' images come from, and what an upload may bring")
    public @interface Config {
        @AttributeDefinition(description = "Comma-separated directories VMs' images (image files, or root directories for hostfs) "
                + "come from; nothing outside them is used, uploads go to the first. Empty for ${karaf.data}/mobitopolo/images")
        String imageDirs() default "";

        @AttributeDefinition(min = "1", description = "The largest image an upload may bring, in bytes (default 16 GiB)")
        long maxUploadBytes() default 17_179_869_184L;
    }

    private final ImageStore store;

    @Activate
    public ImageLibrary(BundleContext context, Config config) {
        this.store = new ImageStore(() -> users(context));
        modified(config);
    }

    /**
     * Every VM and snapshot with the image it names. The registry is looked up only now, when an image
     * is to go: a DS reference would be bound at activation and close a cycle (the hypervisors the
     * registry binds ask for this library while they activate). Without it no one can tell, so nothing goes.
     */
    private static List<ImageStore.User> users(BundleContext context) {
        ServiceReference<VmRegistry> ref = context.getServiceReference(VmRegistry.class);
        VmRegistry vms = ref == null ? null : context.getService(ref);
        if (vms == null) {
            throw new PlatformException(ErrorCode.UNAVAILABLE, "no VM registry is active to tell which VMs use the image; "
                    + "install it with feature:install mobitopolo-core");
        }
        try {
            return Stream.concat(
                    vms.vms().stream().map(v -> new ImageStore.User("VM " + v.spec().name(), v.spec().image())),
                    vms.snapshots().stream().map(s -> new ImageStore.User("snapshot " + s.name(), s.spec().image())))
                    .toList();
        } finally {
            context.ungetService(ref);
        }
    }

    @Modified
    void modified(Config config) {
        store.configure(config.imageDirs(), config.maxUploadBytes());
        LOG.info("Image library in {}, uploads up to {} bytes", store.directories(), store.maxUploadBytes());
    }

    @Override
    public List<Path> directories() {
        return store.directories();
    }

    @Override
    public long maxUploadBytes() {
        return store.maxUploadBytes();
    }

    @Override
    public List<ImageInfo> list() {
        return store.list();
    }

    @Override
    public ImageInfo info(String name) {
        return store.info(name);
    }

    @Override
    public StoredImage store(String name, InputStream content, long declaredLength, boolean replace) {
        return store.store(name, content, declaredLength, replace);
    }

    @Override
    public void delete(String name) {
        store.delete(name);
    }
}
