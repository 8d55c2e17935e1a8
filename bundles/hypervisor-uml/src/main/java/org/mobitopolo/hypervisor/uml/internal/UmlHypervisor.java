package org.mobitopolo.hypervisor.uml.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.mobitopolo.api.host.HypervisorSupport;
import org.mobitopolo.api.image.Images;
import org.mobitopolo.api.net.FrameFormat;
import org.mobitopolo.api.net.VirtualSwitch;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.platform.PluginCatalog;
import org.mobitopolo.api.vm.Hypervisor;
import org.mobitopolo.api.vm.IncomingVm;
import org.mobitopolo.api.vm.MigrationTuning;
import org.mobitopolo.api.vm.OutgoingMigration;
import org.mobitopolo.api.vm.VmMigration;
import org.mobitopolo.api.vm.NicSpec;
import org.mobitopolo.api.vm.SnapshotInfo;
import org.mobitopolo.api.vm.VmInfo;
import org.mobitopolo.api.vm.VmSpec;
import org.mobitopolo.hypervisor.common.GuestHypervisor;
import org.mobitopolo.hypervisor.common.SpecFile;
import org.mobitopolo.hypervisor.common.VmFiles;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User-Mode Linux VMs: each VM is a {@code linux} process with a copy-on-write disk over a shared
 * image, a console log, and an mconsole socket through which it is frozen, resumed and halted.
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component(service = {Hypervisor.class, VmMigration.class}, property = {Hypervisor.TYPE + "=uml", PluginCatalog.PLUGIN_NAME + "=uml"},
        configurationPid = "org.mobitopolo.hypervisor.uml")
@Designate(ocd = UmlHypervisor.Config.class)
public final class UmlHypervisor extends GuestHypervisor<UmlVm> implements VmMigration {
    private static final Logger LOG = LoggerFactory.getLogger(UmlHypervisor.class);

    @ObjectClassDefinition(name = "Mobitopolo UML hypervisor")
    public @interface Config {
        @AttributeDefinition(description = "User-Mode Linux kernel binary; empty to use the first that runs user space "
                + "here of /usr/local/lib/mobitopolo/uml/linux (built by scripts/setup.sh) and /usr/bin/linux")
        String binary() default "";

        @AttributeDefinition(description = "Where VMs, images and snapshots live; empty for ${karaf.data}/mobitopolo/uml")
        String dataDir() default "";

        @AttributeDefinition(description = "Comma-separated directories users' images (image files, or root directories for hostfs) come from "
                + "for this plugin only; nothing outside them is used. Empty for the image library's (imageDirs of org.mobitopolo.images)")
        String imageDirs() default "";

        @AttributeDefinition(description = "Where UML's mconsole sockets live; unix socket paths must stay short")
        String socketDir() default "/tmp/mobitopolo-uml";

        @AttributeDefinition(description = "Static busybox the default guest is built from")
        String busybox() default "/bin/busybox";

        @AttributeDefinition(description = "Seconds a guest has to report ready after start", min = "1")
        int readyTimeoutSeconds() default 30;

        @AttributeDefinition(description = "Leave VMs running when the plugin stops (they are found again on start); "
                + "by default they are halted")
        boolean detachOnStop() default false;
    }

    private final Config config;
    private final GuestImages images;
    private final UmlProcesses processes;
    private final UmlMigration migration;
    /** Gives NICs on named networks their UDP endpoints; without it only point-to-point NICs work. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile VirtualSwitch virtualSwitch;
    /** Where users' images come from, unless imageDirs says otherwise; dynamic, so its changes leave the VMs running. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Images imageLibrary;
    /** Where VM state changes are posted; without it nobody hears of them but those who ask. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    @Activate
    public UmlHypervisor(Config config) {
        this(config, dataDir(config.dataDir(), "uml"));
    }

    private UmlHypervisor(Config config, Path data) {
        super("uml", "UML", data, config.imageDirs(), FrameFormat.L2TPV3);
        this.config = config;
        this.images = new GuestImages(data.resolve("images"), Path.of(config.busybox()));
        this.processes = new UmlProcesses(Path.of(config.socketDir()), Duration.ofSeconds(config.readyTimeoutSeconds()));
        this.migration = new UmlMigration(processes, processes.workers());
        loadVms();
        startProbe();
        LOG.info("UML hypervisor with {} VMs in {}", vms.size(), vmsDir);
    }

    @Deactivate
    void deactivate() {
        stopAll(config.detachOnStop());
    }

    @Override
    protected HypervisorSupport probe() {
        return UmlKernels.choose(UmlKernels.candidates(config.binary()), Path.of(config.busybox()),
                Path.of(config.socketDir()));
    }

    @Override
    protected VirtualSwitch virtualSwitch() {
        return virtualSwitch;
    }

    @Override
    protected EventAdmin eventAdmin() {
        return eventAdmin;
    }

    @Override
    protected Images imageLibrary() {
        return imageLibrary;
    }

    @Override
    protected UmlProcesses processes() {
        return processes;
    }

    @Override
    public VmInfo define(VmSpec spec) {
        Path dir = checkNew(spec);
        Source source = source(spec, images::defaultImage, true);
        String umid = spec.name() + "-" + UUID.randomUUID().toString().substring(0, 8);
        UmlVm vm = new UmlVm(spec, umid, dir, source.base());
        try {
            Files.createDirectories(dir);
            if (source.snapshot() != null) {
                Files.copy(source.snapshot().resolve("disk.cow"), vm.cow());
            }
            GuestImages.mkfifos(vm.fifos());
            vm.save();
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot create VM " + spec.name() + ": " + e.getMessage(), e);
        }
        register(vm);
        LOG.info("Defined VM {} on {}", spec.name(), source.base());
        return vm.info();
    }

    @Override
    protected CompletionStage<VmInfo> launch(UmlVm vm, VmSpec spec, HypervisorSupport support) {
        return processes.launch(vm, spec, Path.of(support.binary()));
    }

    @Override
    public VmInfo addNic(String name, NicSpec nic) {
        UmlVm vm = vm(name);
        checkPluggable(vm, nic);
        synchronized (vm) {
            List<NicSpec> nics = new ArrayList<>(vm.spec.nics());
            nics.add(nic);
            if (vm.process().isPresent()) {
                processes.command(vm, "config " + UmlCommandLine.vec(nics.size() - 1, nic));
            }
            return changeNics(vm, nics);
        }
    }

    @Override
    public VmInfo replaceNic(String name, int index, NicSpec nic) {
        UmlVm vm = vm(name);
        checkPluggable(vm, nic);
        synchronized (vm) {
            List<NicSpec> nics = new ArrayList<>(vm.spec.nics());
            if (index < 0 || index >= nics.size()) {
                throw new PlatformException(ErrorCode.NOT_FOUND, "VM " + name + " has no NIC " + index);
            }
            nics.set(index, nic);
            if (vm.process().isPresent()) {
                String config = "config " + UmlCommandLine.vec(index, nic); // checked before the old device goes
                try {
                    processes.command(vm, "remove vec" + index);
                } catch (PlatformException e) {
                    throw e.getMessage().contains("currently open")
                            ? new PlatformException(ErrorCode.CONFLICT, "UML will not replace vec" + index + " of " + name
                                    + " while the guest has it up; in the guest: ip link set vec" + index + " down")
                            : e;
                }
                processes.command(vm, config);
            }
            return changeNics(vm, nics);
        }
    }

    @Override
    public SnapshotInfo snapshot(String vmName, String snapshot) {
        return new Snapshots(snapshots, processes).take(vm(vmName), snapshot);
    }

    @Override
    public boolean live() {
        return false;
    }

    @Override
    public IncomingVm receive(VmSpec spec, long diskBytes, String host) {
        support().require(); // a move to a host that cannot run it fails before anything moves
        Path dir = checkNew(spec);
        UmlVm vm = new UmlVm(spec, spec.name() + "-" + UUID.randomUUID().toString().substring(0, 8), dir,
                dir.resolve("base.img")); // the source's base image comes along with its layer
        try {
            Files.createDirectories(dir);
            GuestImages.mkfifos(vm.fifos());
            vm.save();
            register(vm);
            IncomingVm incoming = migration.receive(vm, host);
            LOG.info("VM {} waits for its disk on {}", spec.name(), incoming.diskUri());
            return incoming;
        } catch (IOException | RuntimeException e) {
            unregister(spec.name());
            VmFiles.deleteTree(dir);
            throw e instanceof PlatformException p ? p
                    : new PlatformException(ErrorCode.FAILED, "cannot prepare VM " + spec.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public VmInfo completeIncoming(String name) {
        vm(name);
        migration.awaitReceived(name);
        try {
            return start(name).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof PlatformException p ? p : e;
        }
    }

    @Override
    public void dropIncoming(String name) {
        if (!migration.isIncoming(name)) {
            throw new PlatformException(ErrorCode.CONFLICT, "VM " + name + " is not receiving a move; it stays");
        }
        migration.dropIncoming(name);
        destroy(name);
    }

    @Override
    public long diskBytes(String name) {
        UmlVm vm = vm(name);
        return vm.base.toFile().length() + vm.cow().toFile().length();
    }

    @Override
    public void send(String name, IncomingVm target, MigrationTuning tuning) {
        UmlVm vm = vm(name);
        if (Files.isDirectory(vm.base)) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "VM " + name + " runs on a hostfs directory, which does not move");
        }
        migration.send(vm, target, tuning);
    }

    @Override
    public void tune(String name, MigrationTuning tuning) {
        migration.tune(name, tuning);
    }

    @Override
    public OutgoingMigration status(String name) {
        return migration.status(name);
    }

    @Override
    public void cancel(String name) {
        migration.cancel(name);
    }

    @Override
    public void completeOutgoing(String name) {
        migration.finish(name);
        departed(name);
    }

    @Override
    protected UmlVm load(Properties p, Path dir) throws IOException {
        UmlVm vm = new UmlVm(SpecFile.spec(p), p.getProperty("umid"), dir, Path.of(p.getProperty("base")));
        processes.adopt(vm);
        return vm;
    }
}
