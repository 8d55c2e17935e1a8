package org.mobitopolo.hypervisor.qemu.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.mobitopolo.api.vm.VmMigration;
import org.mobitopolo.api.vm.MigrationTuning;
import org.mobitopolo.api.vm.OutgoingMigration;
import org.mobitopolo.api.vm.NicSpec;
import org.mobitopolo.api.vm.SnapshotInfo;
import org.mobitopolo.api.vm.VmInfo;
import org.mobitopolo.api.vm.VmSpec;
import org.mobitopolo.api.vm.VmState;
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
 * QEMU VMs: each VM is a {@code qemu-system-x86_64} process booting the cloud kernel and the
 * Mobitopolo initramfs, with a qcow2 layer over a shared data disk, a console log, and a QMP
 * connection through which it is frozen, resumed, snapshotted and powered off.
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component(service = {Hypervisor.class, VmMigration.class}, property = {Hypervisor.TYPE + "=qemu", PluginCatalog.PLUGIN_NAME + "=qemu"},
        configurationPid = "org.mobitopolo.hypervisor.qemu")
@Designate(ocd = QemuHypervisor.Config.class)
public final class QemuHypervisor extends GuestHypervisor<QemuVm> implements VmMigration {
    private static final Logger LOG = LoggerFactory.getLogger(QemuHypervisor.class);

    @ObjectClassDefinition(name = "Mobitopolo QEMU hypervisor")
    public @interface Config {
        @AttributeDefinition(description = "QEMU system emulator binary")
        String binary() default "/usr/bin/qemu-system-x86_64";

        @AttributeDefinition(description = "Accelerator: auto (kvm where a probe boot on it works, otherwise tcg), "
                + "kvm, or tcg (works everywhere)")
        String accel() default "auto";

        @AttributeDefinition(description = "Guest kernel (scripts/setup.sh extracts Debian's cloud kernel here)")
        String kernel() default "/usr/local/lib/mobitopolo/qemu/vmlinuz";

        @AttributeDefinition(description = "Directory with the virtio modules of that kernel")
        String modules() default "/usr/local/lib/mobitopolo/qemu/modules";

        @AttributeDefinition(description = "Where VMs, images and snapshots live; empty for ${karaf.data}/mobitopolo/qemu")
        String dataDir() default "";

        @AttributeDefinition(description = "Comma-separated directories users' images (disk image files) come from for this plugin only; "
                + "nothing outside them is used. Empty for the image library's (imageDirs of org.mobitopolo.images)")
        String imageDirs() default "";

        @AttributeDefinition(description = "Where QMP and console sockets live; unix socket paths must stay short")
        String socketDir() default "/tmp/mobitopolo-qemu";

        @AttributeDefinition(description = "Static busybox the default guest is built from")
        String busybox() default "/bin/busybox";

        @AttributeDefinition(description = "Seconds a guest has to report ready after start", min = "1")
        int readyTimeoutSeconds() default 60;

        @AttributeDefinition(description = "Leave VMs running when the plugin stops (they are found again on start); "
                + "by default they are powered off")
        boolean detachOnStop() default false;
    }

    private final Config config;
    private final Path socketDir;
    private final QemuGuest guest;
    private final QemuProcesses processes;
    private final QemuMigration migration;
    /** What the probe chose for the VMs launched from now on. */
    private volatile String accel = "tcg";
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
    public QemuHypervisor(Config config) {
        this(config, dataDir(config.dataDir(), "qemu"));
    }

    private QemuHypervisor(Config config, Path data) {
        super("qemu", "QEMU", data, config.imageDirs(), FrameFormat.RAW);
        this.config = config;
        this.socketDir = Path.of(config.socketDir());
        this.guest = new QemuGuest(data.resolve("images"), Path.of(config.kernel()), Path.of(config.modules()),
                Path.of(config.busybox()));
        try {
            Files.createDirectories(socketDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.processes = new QemuProcesses(guest, Duration.ofSeconds(config.readyTimeoutSeconds()));
        this.migration = new QemuMigration(processes.workers());
        loadVms();
        startProbe();
        LOG.info("QEMU hypervisor with {} VMs in {}", vms.size(), vmsDir);
    }

    @Deactivate
    void deactivate() {
        stopAll(config.detachOnStop());
    }

    @Override
    protected HypervisorSupport probe() {
        QemuAccelerators.Choice choice = QemuAccelerators.choose(config.binary(), config.accel(), guest, socketDir);
        accel = choice.accel();
        return choice.support();
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
    protected QemuProcesses processes() {
        return processes;
    }

    @Override
    public VmInfo define(VmSpec spec) {
        Path dir = checkNew(spec);
        Source source = source(spec, guest::dataDisk, false);
        Path base = source.base();
        String id = spec.name() + "-" + UUID.randomUUID().toString().substring(0, 8);
        QemuVm vm = new QemuVm(spec, id, dir, base, socketDir);
        try {
            Files.createDirectories(dir);
            if (source.snapshot() != null) {
                Files.copy(source.snapshot().resolve(QemuSnapshots.DISK), vm.disk());
                Path memory = source.snapshot().resolve(QemuSnapshots.MEMORY);
                if (Files.exists(memory)) {
                    Files.copy(memory, vm.memory());
                }
            } else {
                String format = base.toString().endsWith(".qcow2") ? "qcow2" : "raw";
                VmFiles.run("qemu-img", "create", "-q", "-f", "qcow2", "-b", base.toAbsolutePath().toString(),
                        "-F", format, vm.disk().toString());
            }
            vm.save();
        } catch (IOException | RuntimeException e) {
            VmFiles.deleteTree(dir);
            throw e instanceof PlatformException p ? p
                    : new PlatformException(ErrorCode.FAILED, "cannot create VM " + spec.name() + ": " + e.getMessage(), e);
        }
        register(vm);
        LOG.info("Defined VM {} on {}", spec.name(), base);
        return vm.info();
    }

    @Override
    protected CompletionStage<VmInfo> launch(QemuVm vm, VmSpec spec, HypervisorSupport support) {
        return processes.launch(vm, spec, support.binary(), accel);
    }

    @Override
    public VmInfo addNic(String name, NicSpec nic) {
        QemuVm vm = vm(name);
        synchronized (vm) {
            List<NicSpec> nics = new ArrayList<>(vm.spec.nics());
            nics.add(nic);
            checkPluggable(vm, nic);
            if (vm.process().isPresent()) {
                int index = nics.size() - 1;
                vm.qmp().execute("netdev_add", QemuCommandLine.netdevArguments(index, nic));
                vm.qmp().execute("device_add", Map.of("driver", "virtio-net-pci", "netdev", "nic" + index,
                        "id", "net" + index, "mac", nic.mac()));
            }
            return changeNics(vm, nics);
        }
    }

    @Override
    public VmInfo replaceNic(String name, int index, NicSpec nic) {
        QemuVm vm = vm(name);
        synchronized (vm) {
            List<NicSpec> nics = new ArrayList<>(vm.spec.nics());
            if (index < 0 || index >= nics.size()) {
                throw new PlatformException(ErrorCode.NOT_FOUND, "VM " + name + " has no NIC " + index);
            }
            if (vm.process().isPresent()) {
                // A QEMU netdev cannot be swapped under its device; unplugging the device needs the guest's consent.
                throw new PlatformException(ErrorCode.CONFLICT, "QEMU re-points NICs of stopped VMs only; stop " + name
                        + " first, or move its switch port instead");
            }
            nics.set(index, nic);
            return changeNics(vm, nics);
        }
    }

    @Override
    public SnapshotInfo snapshot(String vmName, String snapshot) {
        QemuVm vm = vm(vmName);
        synchronized (vm) {
            return QemuSnapshots.take(snapshots, vm, snapshot);
        }
    }

    @Override
    protected void rebase(Path snapshot, Path base) throws IOException {
        QemuSnapshots.rebase(snapshot, base);
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public IncomingVm receive(VmSpec spec, long diskBytes, String host) {
        support().require(); // a move to a host that cannot run it fails before anything moves
        Path dir = checkNew(spec);
        QemuVm vm = new QemuVm(spec, spec.name() + "-" + UUID.randomUUID().toString().substring(0, 8), dir,
                dir.resolve("disk.qcow2"), socketDir); // a standalone disk: the mirror fills all of it
        try {
            Files.createDirectories(dir);
            VmFiles.run("qemu-img", "create", "-q", "-f", "qcow2", vm.disk().toString(), Long.toString(diskBytes));
            vm.save();
        } catch (IOException | RuntimeException e) {
            VmFiles.deleteTree(dir);
            throw e instanceof PlatformException p ? p
                    : new PlatformException(ErrorCode.FAILED, "cannot prepare VM " + spec.name() + ": " + e.getMessage(), e);
        }
        register(vm);
        vm.incoming = new IncomingVm(spec.name(), "tcp:" + host + ":" + QemuMigration.freeTcpPort(host),
                "nbd://" + host + ":" + QemuMigration.freeTcpPort(host) + "/disk0");
        try {
            start(spec.name()).toCompletableFuture().join();
        } catch (RuntimeException e) {
            destroy(spec.name());
            Throwable cause = e instanceof CompletionException ? e.getCause() : e;
            throw cause instanceof PlatformException p ? p : new PlatformException(ErrorCode.FAILED,
                    "cannot start incoming VM " + spec.name() + ": " + cause.getMessage(), cause);
        }
        LOG.info("VM {} waits for its state on {}", spec.name(), vm.incoming.memoryUri());
        return vm.incoming;
    }

    @Override
    public VmInfo completeIncoming(String name) {
        QemuVm vm = vm(name);
        if (vm.incoming == null) {
            throw new PlatformException(ErrorCode.CONFLICT, "VM " + name + " is not receiving a move");
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!vm.qmp().execute("query-status", null).path("status").asText().equals("running")) {
            if (System.nanoTime() > deadline) {
                throw new PlatformException(ErrorCode.FAILED, "VM " + name + " does not run after its move");
            }
            Qmp.sleep(10);
        }
        vm.qmp().execute("nbd-server-stop", null);
        vm.incoming = null;
        vm.state(VmState.RUNNING, "");
        LOG.info("VM {} runs here after its move", name);
        return vm.info();
    }

    @Override
    public void dropIncoming(String name) {
        if (vm(name).incoming == null) {
            throw new PlatformException(ErrorCode.CONFLICT, "VM " + name + " is not receiving a move; it stays");
        }
        destroy(name);
    }

    @Override
    public long diskBytes(String name) {
        QemuVm vm = vm(name);
        if (vm.process().isEmpty()) {
            throw notRunning(vm);
        }
        return QemuMigration.diskBytes(vm);
    }

    @Override
    public void send(String name, IncomingVm target, MigrationTuning tuning) {
        migration.send(vm(name), target, tuning);
    }

    @Override
    public void tune(String name, MigrationTuning tuning) {
        migration.tune(vm(name), tuning);
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
    protected QemuVm load(Properties p, Path dir) {
        QemuVm vm = new QemuVm(SpecFile.spec(p), p.getProperty("id"), dir, Path.of(p.getProperty("base")), socketDir);
        try {
            processes.adopt(vm);
        } catch (IOException | PlatformException e) {
            LOG.warn("VM {} could not be taken back ({}); it stays stopped", vm.spec.name(), e.getMessage());
        }
        return vm;
    }
}
