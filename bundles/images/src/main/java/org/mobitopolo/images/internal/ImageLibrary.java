package org.mobitopolo.images.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.mobitopolo.api.image.ImageBuildRequest;
import org.mobitopolo.api.image.ImageBuildStatus;
import org.mobitopolo.api.image.ImageBuilder;
import org.mobitopolo.api.image.ImageExport;
import org.mobitopolo.api.image.ImageInfo;
import org.mobitopolo.api.image.Images;
import org.mobitopolo.api.image.StoredImage;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.VmRegistry;
import org.mobitopolo.hypervisor.common.GuestRoot;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's image library on the directories of {@code org.mobitopolo.images}. A change of
 * that configuration is taken while the service stays registered, so the hypervisors that ask it for
 * images keep running, and so do their VMs. It also builds images from Debian packages into the
 * library ({@link ImageBuilder}), progress posted on {@value ImageBuilder#TOPIC}.
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component(service = {Images.class, ImageBuilder.class}, configurationPid = ImageLibrary.PID)
@Designate(ocd = ImageLibrary.Config.class)
public final class ImageLibrary implements Images, ImageBuilder {
    static final String PID = "org.mobitopolo.images";
    private static final Logger LOG = LoggerFactory.getLogger(ImageLibrary.class);

    @ObjectClassDefinition(name = "Mobitopolo image library", description = "Where VMs' images come from, and what an upload may bring")
    public @interface Config {
        @AttributeDefinition(description = "Comma-separated directories VMs' images (image files, or root directories for hostfs) "
                + "come from; nothing outside them is used, uploads go to the first. Empty for ${karaf.data}/mobitopolo/images")
        String imageDirs() default "";

        @AttributeDefinition(min = "1", description = "The largest image an upload may bring, in bytes (default 16 GiB)")
        long maxUploadBytes() default 17_179_869_184L;

        @AttributeDefinition(description = "The Debian suite built images' packages come from")
        String suite() default "bookworm";

        @AttributeDefinition(description = "The Debian mirror built images' packages come from")
        String mirror() default "http://deb.debian.org/debian";

        @AttributeDefinition(description = "Debian's mmdebstrap, which builds images' root trees")
        String mmdebstrap() default "/usr/bin/mmdebstrap";

        @AttributeDefinition(description = "e2fsprogs' mke2fs, which makes the trees ext4 images")
        String mke2fs() default "/usr/sbin/mke2fs";

        @AttributeDefinition(description = "Where builds keep their cache of .debs (debs/) and their trees while they are made "
                + "(work/). Empty for ${karaf.data}/mobitopolo/image-builds")
        String buildDir() default "";

        @AttributeDefinition(min = "1", description = "Minutes one build may take before it is stopped")
        int buildTimeoutMinutes() default 30;
    }

    private final ImageStore store;
    private final ImageBuilds builds;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Activate
    public ImageLibrary(BundleContext context, Config config) {
        this.store = new ImageStore(() -> users(context));
        try {
            this.builds = new ImageBuilds(store, GuestRoot.initScript(), this::post);
        } catch (IOException e) {
            throw new UncheckedIOException("the guest's /init is missing from this bundle", e);
        }
        modified(config);
    }

    @Deactivate
    void deactivate() {
        builds.close();
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
        try {
            builds.configure(buildSettings(config));
        } catch (PlatformException e) {
            // the library itself stays: VMs from its images need no builder
            LOG.error("Image builds are off: {}", e.getMessage());
            builds.disable(e.getMessage());
        }
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
    public ImageExport export(String name) {
        return store.export(name);
    }

    @Override
    public void delete(String name) {
        store.delete(name);
    }

    @Override
    public ImageBuildStatus build(ImageBuildRequest request) {
        return builds.build(request);
    }

    @Override
    public Optional<ImageBuildStatus> status(String name) {
        return builds.status(name);
    }

    @Override
    public List<ImageBuildStatus> builds() {
        return builds.builds();
    }

    @Override
    public CompletionStage<ImageBuildStatus> completion(String name) {
        return builds.completion(name);
    }

    private static DebianBuild.Settings buildSettings(Config config) {
        String dir = config.buildDir().strip();
        Path buildDir = dir.isEmpty()
                ? Path.of(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "mobitopolo", "image-builds")
                : Path.of(dir);
        // mmdebstrap's hooks name the cache inside single quotes: a path that could leave them is refused
        if (!buildDir.toAbsolutePath().toString().matches("[A-Za-z0-9/._+-]+")) {
            throw new PlatformException(ErrorCode.FAILED, "buildDir of " + PID + " may hold only letters, digits and / . _ + -, got " + buildDir);
        }
        if (!config.mirror().matches("(https?|file)://[A-Za-z0-9._~:/@%+-]+")) {
            throw new PlatformException(ErrorCode.FAILED, "mirror of " + PID + " must be an http(s) or file URL, got " + config.mirror());
        }
        return new DebianBuild.Settings(Path.of(config.mmdebstrap()), Path.of(config.mke2fs()), config.suite().strip(),
                config.mirror(), buildDir.toAbsolutePath().resolve("debs"), buildDir.toAbsolutePath().resolve("work"),
                Duration.ofMinutes(config.buildTimeoutMinutes()));
    }

    private void post(ImageBuildStatus s, String line) {
        EventAdmin admin = events;
        if (admin != null) {
            Map<String, Object> props = new HashMap<>();
            props.put("id", s.id());
            props.put("name", s.name());
            props.put("state", s.state().name());
            props.put("phase", s.phase().name());
            props.put("bytes", s.bytes());
            props.put("downloadedBytes", s.downloadedBytes());
            props.put("imageBytes", s.imageBytes());
            props.put("line", line == null ? "" : line);
            props.put("error", s.error());
            admin.postEvent(new Event(TOPIC, props));
        }
    }
}
