package org.mobitopolo.hypervisor.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.mobitopolo.api.host.HypervisorSupport;
import org.mobitopolo.api.image.Images;
import org.mobitopolo.api.net.FrameFormat;
import org.mobitopolo.api.net.VirtualSwitch;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.ExecResult;
import org.mobitopolo.api.vm.Hypervisor;
import org.mobitopolo.api.vm.NicSpec;
import org.mobitopolo.api.vm.SnapshotFile;
import org.mobitopolo.api.vm.SnapshotInfo;
import org.mobitopolo.api.vm.VmInfo;
import org.mobitopolo.api.vm.VmSpec;
import org.mobitopolo.api.vm.VmState;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
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
    protected final SnapshotStore snapshots;
    /** The plugin's own image directories, or {@code null} to use the image library's. */
    private final ImageDirs ownImages;
    private final String kind;
    private final String label;
    private final SwitchPorts switchPorts;
    private final FrameFormat frameFormat;
    private volatile CompletableFuture<HypervisorSupport> support;
    private volatile Thread probe;

    /**
     * @param kind the value of its {@value Hypervisor#TYPE} property, e.g. {@code uml}
     * @param label how users call this kind, e.g. {@code UML}
     * @param data where its VMs ({@code vms/}) and snapshots ({@code snapshots/}) live
     * @param imageDirs the plugin's own comma-separated image directories; empty to use the image library's
     * @param frameFormat how this kind's NICs frame Ethernet over UDP
     */
    protected GuestHypervisor(String kind, String label, Path data, String imageDirs, FrameFormat frameFormat) {
        this.kind = kind;
        this.ownImages = imageDirs.isBlank() ? null : ImageDirs.of(imageDirs);
        this.label = label;
        this.vmsDir = data.resolve("vms");
        this.snapshots = new SnapshotStore(data.resolve("snapshots"), kind);
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

    /**
     * Finds out, by a real boot where a file's presence cannot tell, whether and with what this
     * kind runs here. Runs once, on a thread of its own, started by {@link #startProbe}.
     */
    protected abstract HypervisorSupport probe();

    /** Starts the probe; a plugin calls this once it is set up, so activation does not wait for a boot. */
    protected final void startProbe() {
        support = CompletableFuture.supplyAsync(this::probe, r -> {
            probe = new Thread(r, "mobitopolo-" + type() + "-probe");
            probe.setDaemon(true);
            probe.start();
        });
        support.thenAccept(s -> LOG.info("{} {}: {} ({} {})", label, s.usable() ? "runs here" : "cannot run here",
                s.detail(), s.binary(), s.version()));
    }

    @Override
    public HypervisorSupport support() {
        try {
            return support.join();
        } catch (RuntimeException e) {
            return new HypervisorSupport(type(), "", "", false, "the probe failed: " + e.getMessage());
        }
    }

    /** A probe still booting its guest is ended with it: a guest left behind would outlive the runtime (a KVM guest hung for good). */
    private void endProbe() {
        Thread t = probe;
        if (t != null && t.isAlive()) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The virtual switch giving NICs on named networks their endpoints, or {@code null} when none is active. */
    protected abstract VirtualSwitch virtualSwitch();

    /**
     * The platform's image library, or {@code null} when none is active. Asked at each definition, so
     * that the library may change its directories, or come and go, while the plugin and its VMs run on.
     */
    protected abstract Images imageLibrary();

    /** Where this plugin's VM processes are started, watched and stopped. */
    protected abstract GuestProcesses<V> processes();

    /**
     * Starts the VM's process with {@code spec}, whose NICs all name their endpoints, with what the
     * probe chose; completes when the guest is ready.
     */
    protected abstract CompletionStage<VmInfo> launch(V vm, VmSpec spec, HypervisorSupport support);

    /** The VM a {@code vm.properties} file describes, and whether its process still runs. */
    protected abstract V load(Properties p, Path dir) throws IOException;

    @Override
    public String type() {
        return kind;
    }

    /**
     * Ends the plugin's hold on its VMs: halts them, or with {@code detach} leaves them running for
     * the next runtime to find again.
     */
    protected void stopAll(boolean detach) {
        endProbe();
        for (V vm : vms.values()) {
            if (vm.process().isPresent()) {
                if (detach) {
                    LOG.info("Leaving VM {} running (pid {})", vm.spec.name(), vm.process().get().pid());
                    vm.stopping = true; // its exit is the next runtime's business, not a crash of ours
                    vm.closeAgent();
                    vm.detach();
                } else {
                    processes().halt(vm);
                }
            }
        }
        processes().close();
        LOG.info("{} hypervisor stopped", label);
    }

    /**
     * What a new VM's disk is made from: a snapshot ({@value Hypervisor#SNAPSHOT_IMAGE}name, its
     * directory in {@link Source#snapshot}), the plugin's default guest, or a user's image.
     */
    protected record Source(Path base, Path snapshot) {}

    /**
     * @param directories whether a user's image may be a directory (a root file system shared by hostfs)
     * @see ImageDirs#resolve
     */
    protected Source source(VmSpec spec, Supplier<Path> defaultImage, boolean directories) {
        if (spec.image().startsWith(SNAPSHOT_IMAGE)) {
            Path snap = snapshots.find(spec.image().substring(SNAPSHOT_IMAGE.length()));
            return new Source(Path.of(snapshots.facts(snap).getProperty("base")), snap);
        }
        if (spec.image().isEmpty()) {
            return new Source(defaultImage.get(), null);
        }
        ImageDirs dirs = ownImages != null ? ownImages
                : ImageDirs.of(PlatformException.requirePlugin(imageLibrary(), "image library", "mobitopolo-images").directories());
        Path base = dirs.resolve(spec.image());
        if (!directories && !Files.isRegularFile(base)) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "image " + spec.image() + " is not a file");
        }
        return new Source(base, null);
    }

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
        HypervisorSupport s = support().require();
        synchronized (vm) {
            if (vm.state() != VmState.STOPPED && vm.state() != VmState.FAILED) {
                throw new PlatformException(ErrorCode.CONFLICT, "VM " + name + " is " + vm.state() + ", not stopped");
            }
            SwitchPorts.Attached attached = switchPorts.attach(vm.spec, frameFormat);
            try {
                vm.onExit(attached::release);
                return launch(vm, attached.spec(), s);
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
    public CompletionStage<VmInfo> stop(String name) {
        V vm = vm(name);
        if (vm.process().isEmpty()) {
            throw notRunning(vm);
        }
        return processes().stop(vm);
    }

    @Override
    public VmInfo kill(String name) {
        V vm = vm(name);
        processes().kill(vm);
        return vm.info();
    }

    @Override
    public VmInfo freeze(String name) {
        V vm = vm(name);
        if (vm.state() != VmState.RUNNING) {
            throw notRunning(vm);
        }
        processes().pause(vm);
        vm.state(VmState.FROZEN, "");
        return vm.info();
    }

    @Override
    public VmInfo resume(String name) {
        V vm = vm(name);
        if (vm.state() != VmState.FROZEN) {
            throw new PlatformException(ErrorCode.CONFLICT, "VM " + name + " is " + vm.state() + ", not frozen");
        }
        processes().unpause(vm);
        vm.state(VmState.RUNNING, "");
        return vm.info();
    }

    @Override
    public void destroy(String name) {
        V vm = vm(name);
        processes().kill(vm);
        unregister(name);
        VmFiles.deleteTree(vm.dir);
        LOG.info("Destroyed VM {}", name);
    }

    @Override
    public List<SnapshotInfo> snapshots() {
        return snapshots.list();
    }

    @Override
    public void deleteSnapshot(String snapshot) {
        snapshots.delete(snapshot);
    }

    @Override
    public List<SnapshotFile> snapshotFiles(String snapshot) {
        return snapshots.files(snapshot);
    }

    @Override
    public Path snapshotFile(String snapshot, String file) {
        return snapshots.file(snapshot, file);
    }

    @Override
    public SnapshotInfo importSnapshot(String snapshot, Path fetched, Path base) {
        SnapshotInfo info = snapshots.adopt(snapshot, fetched, base, this::rebase);
        LOG.info("Imported snapshot {} of VM {} on base {}", snapshot, info.vm(), base);
        return info;
    }

    /**
     * Makes the disk layer of a snapshot fetched from another host sit on {@code base}, its base image
     * here, before the snapshot is listed. By default nothing: a layer naming its base at each start.
     */
    protected void rebase(Path snapshot, Path base) throws IOException {
        // nothing to do
    }

    /** Forgets a VM that has moved to another host, once its move is done. */
    protected void departed(String name) {
        destroy(name);
        LOG.info("VM {} left this host", name);
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
            vm.type(line);
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot type on VM " + name + "'s console: " + e.getMessage(), e);
        }
    }

    @Override
    public ExecResult exec(String name, List<String> argv, Duration timeout) {
        V vm = vm(name);
        if (vm.state() != VmState.RUNNING) {
            throw notRunning(vm);
        }
        try {
            return vm.agent().exec(argv, timeout);
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.UNAVAILABLE, "cannot reach VM " + name + "'s guest agent: " + e.getMessage(), e);
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

    /**
     * Adds a VM to this hypervisor's; its state changes are posted as {@value Hypervisor#STATE_TOPIC} events
     * from now on. (The VMs loaded as the plugin starts are added before its event admin is bound: no event.)
     */
    protected void register(V vm) {
        vm.onStateChange(this::postState);
        vms.put(vm.spec.name(), vm);
        post(ADDED_TOPIC, Map.of("vm", vm.spec.name(), "hypervisor", kind, "state", vm.state().name()));
    }

    /** Takes a VM off this hypervisor's list. */
    protected void unregister(String name) {
        if (vms.remove(name) != null) {
            post(REMOVED_TOPIC, Map.of("vm", name, "hypervisor", kind));
        }
    }

    /** The event admin that VM events are posted to, or {@code null} when none is active. */
    protected abstract EventAdmin eventAdmin();

    private void postState(GuestVm vm, VmState previous, VmState now, String why) {
        post(STATE_TOPIC, Map.of("vm", vm.spec.name(), "hypervisor", kind,
                "state", now.name(), "previous", previous.name(), "detail", why == null ? "" : why));
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin events = eventAdmin();
        if (events != null) {
            events.postEvent(new Event(topic, properties));
        }
    }

    /** Finds the VMs defined before; {@link #load} takes back those whose process still runs. */
    protected void loadVms() {
        try (Stream<Path> dirs = Files.list(vmsDir)) {
            for (Path dir : dirs.toList()) {
                Path file = dir.resolve("vm.properties");
                if (Files.isRegularFile(file)) {
                    register(load(VmFiles.read(file), dir));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
