package org.mobitopolo.hypervisor.qemu.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.mobitopolo.api.net.FrameFormat;
import org.mobitopolo.api.net.VirtualSwitch;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.platform.PluginCatalog;
import org.mobitopolo.api.vm.Hypervisor;
import org.mobitopolo.api.vm.NicSpec;
import org.mobitopolo.api.vm.SnapshotInfo;
import org.mobitopolo.api.vm.VmInfo;
import org.mobitopolo.api.vm.VmSpec;
import org.mobitopolo.api.vm.VmState;
import org.mobitopolo.hypervisor.common.GuestParams;
import org.mobitopolo.hypervisor.common.SnapshotStore;
import org.mobitopolo.hypervisor.common.SpecFile;
import org.mobitopolo.hypervisor.common.SwitchPorts;
import org.mobitopolo.hypervisor.common.VmFiles;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
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
@Component(property = {Hypervisor.TYPE + "=qemu", PluginCatalog.PLUGIN_NAME + "=qemu"},
        configurationPid = "org.mobitopolo.hypervisor.qemu")
@Designate(ocd = QemuHypervisor.Config.class)
public final class QemuHypervisor implements Hypervisor {
    private static final Logger LOG = LoggerFactory.getLogger(QemuHypervisor.class);

    @ObjectClassDefinition(name = "Mobitopolo QEMU hypervisor")
    public @interface Config {
        @AttributeDefinition(description = "QEMU system emulator binary")
        String binary() default "/usr/bin/qemu-system-x86_64";

        @AttributeDefinition(description = "Accelerator: tcg (works everywhere) or kvm (where /dev/kvm works)")
        String accel() default "tcg";

        @AttributeDefinition(description = "Guest kernel (scripts/setup.sh extracts Debian's cloud kernel here)")
        String kernel() default "/usr/local/lib/mobitopolo/qemu/vmlinuz";

        @AttributeDefinition(description = "Directory with the virtio modules of that kernel")
        String modules() default "/usr/local/lib/mobitopolo/qemu/modules";

        @AttributeDefinition(description = "Where VMs, images and snapshots live; empty for ${karaf.data}/mobitopolo/qemu")
        String dataDir() default "";

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
    private final Path vmsDir;
    private final Path socketDir;
    private final SnapshotStore snapshots;
    private final QemuGuest guest;
    private final Map<String, QemuVm> vms = new ConcurrentHashMap<>();
    private final QemuProcesses processes;
    /** Gives NICs on named networks their UDP endpoints; without it only point-to-point NICs work. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile VirtualSwitch virtualSwitch;
    private final SwitchPorts switchPorts = new SwitchPorts(() -> virtualSwitch);

    @Activate
    public QemuHypervisor(Config config) {
        this.config = config;
        Path data = config.dataDir().isEmpty()
                ? Path.of(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "mobitopolo", "qemu")
                : Path.of(config.dataDir());
        this.vmsDir = data.resolve("vms");
        this.socketDir = Path.of(config.socketDir());
        this.snapshots = new SnapshotStore(data.resolve("snapshots"), "qemu");
        this.guest = new QemuGuest(data.resolve("images"), Path.of(config.kernel()), Path.of(config.modules()),
                Path.of(config.busybox()));
        try {
            Files.createDirectories(vmsDir);
            Files.createDirectories(data.resolve("snapshots"));
            Files.createDirectories(socketDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.processes = new QemuProcesses(config.binary(), config.accel(), guest,
                Duration.ofSeconds(config.readyTimeoutSeconds()));
        loadVms();
        LOG.info("QEMU hypervisor on {} ({}) with {} VMs in {}", config.binary(), config.accel(), vms.size(), vmsDir);
    }

    @Deactivate
    void deactivate() {
        for (QemuVm vm : vms.values()) {
            if (vm.process().isPresent()) {
                if (config.detachOnStop()) {
                    LOG.info("Leaving VM {} running (pid {})", vm.spec.name(), vm.process().get().pid());
                    vm.stopping = true; // its exit is the next runtime's business, not a crash of ours
                    vm.disconnect();
                } else {
                    processes.halt(vm);
                }
            }
        }
        processes.close();
        LOG.info("QEMU hypervisor stopped");
    }

    @Override
    public String type() {
        return "qemu";
    }

    @Override
    public VmInfo define(VmSpec spec) {
        if (!spec.hypervisor().equals(type())) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "the QEMU hypervisor runs hypervisor=qemu VMs, not "
                    + spec.hypervisor());
        }
        GuestParams.check(spec.params());
        Path dir = vmsDir.resolve(spec.name());
        if (vms.containsKey(spec.name()) || Files.exists(dir)) {
            throw new PlatformException(ErrorCode.CONFLICT, "a VM named " + spec.name() + " exists already");
        }
        Path base;
        Optional<Path> fromSnapshot = Optional.empty();
        if (spec.image().startsWith(SNAPSHOT_IMAGE)) {
            Path snap = snapshots.find(spec.image().substring(SNAPSHOT_IMAGE.length()));
            base = Path.of(snapshots.facts(snap).getProperty("base"));
            fromSnapshot = Optional.of(snap);
        } else if (spec.image().isEmpty()) {
            base = guest.dataDisk();
        } else {
            base = Path.of(spec.image());
            if (!Files.isRegularFile(base)) {
                throw new PlatformException(ErrorCode.BAD_REQUEST, "disk image " + base + " does not exist");
            }
        }
        String id = spec.name() + "-" + UUID.randomUUID().toString().substring(0, 8);
        QemuVm vm = new QemuVm(spec, id, dir, base, socketDir);
        try {
            Files.createDirectories(dir);
            if (fromSnapshot.isPresent()) {
                Files.copy(fromSnapshot.get().resolve(QemuSnapshots.DISK), vm.disk());
                Path memory = fromSnapshot.get().resolve(QemuSnapshots.MEMORY);
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
        vms.put(spec.name(), vm);
        LOG.info("Defined VM {} on {}", spec.name(), base);
        return vm.info();
    }

    @Override
    public CompletionStage<VmInfo> start(String name) {
        QemuVm vm = vm(name);
        synchronized (vm) {
            if (vm.state() != VmState.STOPPED && vm.state() != VmState.FAILED) {
                throw new PlatformException(ErrorCode.CONFLICT, "VM " + name + " is " + vm.state() + ", not stopped");
            }
            SwitchPorts.Attached attached = switchPorts.attach(vm.spec, FrameFormat.RAW);
            try {
                vm.onExit(attached::release);
                return processes.launch(vm, attached.spec());
            } catch (RuntimeException e) {
                attached.release();
                throw e;
            }
        }
    }

    @Override
    public CompletionStage<VmInfo> stop(String name) {
        QemuVm vm = vm(name);
        if (vm.process().isEmpty()) {
            throw notRunning(vm);
        }
        return processes.stop(vm);
    }

    @Override
    public VmInfo kill(String name) {
        QemuVm vm = vm(name);
        processes.kill(vm);
        return vm.info();
    }

    @Override
    public VmInfo freeze(String name) {
        QemuVm vm = vm(name);
        if (vm.state() != VmState.RUNNING) {
            throw notRunning(vm);
        }
        vm.qmp().execute("stop", null);
        vm.state(VmState.FROZEN, "");
        return vm.info();
    }

    @Override
    public VmInfo resume(String name) {
        QemuVm vm = vm(name);
        if (vm.state() != VmState.FROZEN) {
            throw new PlatformException(ErrorCode.CONFLICT, "VM " + name + " is " + vm.state() + ", not frozen");
        }
        vm.qmp().execute("cont", null);
        vm.state(VmState.RUNNING, "");
        return vm.info();
    }

    @Override
    public VmInfo addNic(String name, NicSpec nic) {
        QemuVm vm = vm(name);
        synchronized (vm) {
            List<NicSpec> nics = new ArrayList<>(vm.spec.nics());
            nics.add(nic);
            if (vm.process().isPresent()) {
                if (nic.local() == null) {
                    throw new PlatformException(ErrorCode.BAD_REQUEST, "a NIC plugged into running VM " + name
                            + " names its UDP endpoints; NICs on network " + nic.network() + " join when the VM starts");
                }
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

    private VmInfo changeNics(QemuVm vm, List<NicSpec> nics) {
        VmSpec s = vm.spec;
        vm.spec = new VmSpec(s.name(), s.hypervisor(), s.memoryMb(), s.image(), nics, s.params());
        try {
            vm.save();
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot save VM " + s.name() + ": " + e.getMessage(), e);
        }
        LOG.info("VM {} now has NICs {}", s.name(), nics);
        return vm.info();
    }

    @Override
    public void destroy(String name) {
        QemuVm vm = vm(name);
        processes.kill(vm);
        vms.remove(name);
        VmFiles.deleteTree(vm.dir);
        LOG.info("Destroyed VM {}", name);
    }

    @Override
    public Optional<VmInfo> find(String name) {
        return Optional.ofNullable(vms.get(name)).map(QemuVm::info);
    }

    @Override
    public List<VmInfo> list() {
        return vms.values().stream().map(QemuVm::info).sorted(Comparator.comparing(i -> i.spec().name())).toList();
    }

    @Override
    public List<String> console(String name, int lines) {
        return vm(name).consoleOrError(lines);
    }

    @Override
    public void type(String name, String line) {
        QemuVm vm = vm(name);
        if (vm.process().isEmpty()) {
            throw notRunning(vm);
        }
        try {
            vm.type(line);
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot type on VM " + name + "'s console: " + e.getMessage(), e);
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
    public List<SnapshotInfo> snapshots() {
        return snapshots.list();
    }

    @Override
    public void deleteSnapshot(String snapshot) {
        snapshots.delete(snapshot);
    }

    private QemuVm vm(String name) {
        QemuVm vm = vms.get(name);
        if (vm == null) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "no QEMU VM named " + name);
        }
        return vm;
    }

    private static PlatformException notRunning(QemuVm vm) {
        return new PlatformException(ErrorCode.CONFLICT, "VM " + vm.spec.name() + " is " + vm.state() + ", not running");
    }

    /** Finds the VMs defined before, and adopts those whose QEMU process still runs. */
    private void loadVms() {
        try (Stream<Path> dirs = Files.list(vmsDir)) {
            for (Path dir : dirs.toList()) {
                Path file = dir.resolve("vm.properties");
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                Properties p = VmFiles.read(file);
                QemuVm vm = new QemuVm(SpecFile.spec(p), p.getProperty("id"), dir, Path.of(p.getProperty("base")), socketDir);
                vms.put(vm.spec.name(), vm);
                try {
                    processes.adopt(vm);
                } catch (IOException | PlatformException e) {
                    LOG.warn("VM {} could not be taken back ({}); it stays stopped", vm.spec.name(), e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
