package org.mobitopolo.hypervisor.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.mobitopolo.api.net.FrameFormat;
import org.mobitopolo.api.net.VirtualSwitch;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.Hypervisor;
import org.mobitopolo.api.vm.NicSpec;
import org.mobitopolo.api.vm.VmInfo;
import org.mobitopolo.api.vm.VmSpec;
import org.mobitopolo.api.vm.VmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every hypervisor does alike: its VMs by name, each in a directory of its own under
 * {@code vmsDir}, found again after a restart; starting with switch ports for NICs on networks;
 * the console; NIC bookkeeping. The plugins add how their processes run.
 */
public abstract class GuestHypervisor<V extends GuestVm> implements Hypervisor {
    private static final Logger LOG = LoggerFactory.getLogger(GuestHypervisor.class);

    protected final Path vmsDir;
    protected final Map<String, V> vms = new ConcurrentHashMap<>();
    private final String label;
    private final SwitchPorts switchPorts;
    private final FrameFormat frameFormat;

    /**
     * @param label how users call this kind, e.g. {@code UML}
     * @param frameFormat how this kind's NICs frame Ethernet over UDP
     */
    protected GuestHypervisor(String label, Path vmsDir, FrameFormat frameFormat) {
        this.label = label;
        this.vmsDir = vmsDir;
        this.switchPorts = new SwitchPorts(this::virtualSwitch);
        this.frameFormat = frameFormat;
        try {
            Files.createDirectories(vmsDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where a plugin keeps its files: as configured, or {@code ${karaf.data}/mobitopolo/KIND}. */
    public static Path dataDir(String configured, String kind) {
        return configured.isEmpty()
                ? Path.of(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "mobitopolo", kind)
                : Path.of(configured);
    }

    /** The virtual switch giving NICs on named networks their endpoints, or {@code null} when none is active. */
    protected abstract VirtualSwitch virtualSwitch();

    /** Starts the VM's process with {@code spec}, whose NICs all name their endpoints; completes when the guest is ready. */
    protected abstract CompletionStage<VmInfo> launch(V vm, VmSpec spec);

    /** Types a line on the running VM's console. */
    protected abstract void typeOn(V vm, String line) throws IOException;

    /** The VM a {@code vm.properties} file describes, and whether its process still runs. */
    protected abstract V load(Properties p, Path dir) throws IOException;

    /** Checks a new VM's spec and returns the directory it will live in. */
    protected Path checkNew(VmSpec spec) {
        if (!spec.hypervisor().equals(type())) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "the " + label + " hypervisor runs hypervisor=" + type()
                    + " VMs, not " + spec.hypervisor());
        }
        GuestParams.check(spec.params());
        Path dir = vmsDir.resolve(spec.name());
        if (vms.containsKey(spec.name()) || Files.exists(dir)) {
            throw new PlatformException(ErrorCode.CONFLICT, "a VM named " + spec.name() + " exists already");
        }
        return dir;
    }

    @Override
    public CompletionStage<VmInfo> start(String name) {
        V vm = vm(name);
        synchronized (vm) {
            if (vm.state() != VmState.STOPPED && vm.state() != VmState.FAILED) {
                throw new PlatformException(ErrorCode.CONFLICT, "VM " + name + " is " + vm.state() + ", not stopped");
            }
            SwitchPorts.Attached attached = switchPorts.attach(vm.spec, frameFormat);
            try {
                vm.onExit(attached::release);
                return launch(vm, attached.spec());
            } catch (RuntimeException e) {
                attached.release();
                throw e;
            }
        }
    }

    /** A running guest's NIC is plugged with fixed endpoints; network NICs get switch ports at start. */
    protected static void checkPluggable(GuestVm vm, NicSpec nic) {
        if (vm.process().isPresent() && nic.local() == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "a NIC plugged into running VM " + vm.spec.name()
                    + " names its UDP endpoints; NICs on network " + nic.network() + " join when the VM starts");
        }
    }

    /** Records the VM's NICs as they are now. */
    protected VmInfo changeNics(V vm, List<NicSpec> nics) {
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
    public Optional<VmInfo> find(String name) {
        return Optional.ofNullable(vms.get(name)).map(GuestVm::info);
    }

    @Override
    public List<VmInfo> list() {
        return vms.values().stream().map(GuestVm::info).sorted(Comparator.comparing(i -> i.spec().name())).toList();
    }

    @Override
    public List<String> console(String name, int lines) {
        return vm(name).consoleOrError(lines);
    }

    @Override
    public void type(String name, String line) {
        V vm = vm(name);
        if (vm.process().isEmpty()) {
            throw notRunning(vm);
        }
        try {
            typeOn(vm, line);
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot type on VM " + name + "'s console: " + e.getMessage(), e);
        }
    }

    protected V vm(String name) {
        V vm = vms.get(name);
        if (vm == null) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "no " + label + " VM named " + name);
        }
        return vm;
    }

    protected static PlatformException notRunning(GuestVm vm) {
        return new PlatformException(ErrorCode.CONFLICT, "VM " + vm.spec.name() + " is " + vm.state() + ", not running");
    }

    /** Finds the VMs defined before; {@link #load} takes back those whose process still runs. */
    protected void loadVms() {
        try (Stream<Path> dirs = Files.list(vmsDir)) {
            for (Path dir : dirs.toList()) {
                Path file = dir.resolve("vm.properties");
                if (Files.isRegularFile(file)) {
                    V vm = load(VmFiles.read(file), dir);
                    vms.put(vm.spec.name(), vm);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
