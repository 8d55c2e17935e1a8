package org.mobitopolo.hypervisor.uml.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.platform.PluginCatalog;
import org.mobitopolo.api.vm.Hypervisor;
import org.mobitopolo.api.vm.NicSpec;
import org.mobitopolo.api.vm.SnapshotInfo;
import org.mobitopolo.api.vm.VmInfo;
import org.mobitopolo.api.vm.VmSpec;
import org.mobitopolo.api.vm.VmState;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
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
@Component(property = {Hypervisor.TYPE + "=uml", PluginCatalog.PLUGIN_NAME + "=uml"},
        configurationPid = "org.mobitopolo.hypervisor.uml")
@Designate(ocd = UmlHypervisor.Config.class)
public final class UmlHypervisor implements Hypervisor {
    private static final Logger LOG = LoggerFactory.getLogger(UmlHypervisor.class);
    private static final Duration MCONSOLE_TIMEOUT = Duration.ofSeconds(5);
    /** How long the disk layer must stay untouched before a flush counts as done. */
    private static final long QUIET_NANOS = 300_000_000L;

    @ObjectClassDefinition(name = "Mobitopolo UML hypervisor")
    public @interface Config {
        @AttributeDefinition(description = "User-Mode Linux kernel binary")
        String binary() default "/usr/bin/linux";

        @AttributeDefinition(description = "Where VMs, images and snapshots live; empty for ${karaf.data}/mobitopolo/uml")
        String dataDir() default "";

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
    private final Path binary;
    private final Path vmsDir;
    private final Path snapshotsDir;
    private final Path socketDir;
    private final GuestImages images;
    private final Map<String, UmlVm> vms = new ConcurrentHashMap<>();
    private final EventLoopGroup eventLoop = new EpollEventLoopGroup(1);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mobitopolo-uml");
        t.setDaemon(true);
        return t;
    });
    /** Runs what blocks for seconds (halting), so the timer stays free for readiness checks. */
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mobitopolo-uml-worker");
        t.setDaemon(true);
        return t;
    });
    private final Mconsole mconsole;

    @Activate
    public UmlHypervisor(Config config) {
        this.config = config;
        this.binary = Path.of(config.binary());
        Path data = config.dataDir().isEmpty()
                ? Path.of(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "mobitopolo", "uml")
                : Path.of(config.dataDir());
        this.vmsDir = data.resolve("vms");
        this.snapshotsDir = data.resolve("snapshots");
        this.socketDir = Path.of(config.socketDir());
        this.images = new GuestImages(data.resolve("images"), Path.of(config.busybox()));
        try {
            Files.createDirectories(vmsDir);
            Files.createDirectories(snapshotsDir);
            Files.createDirectories(socketDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.mconsole = new Mconsole(eventLoop, socketDir);
        loadVms();
        LOG.info("UML hypervisor on {} with {} VMs in {}", binary, vms.size(), vmsDir);
    }

    @Deactivate
    void deactivate() {
        for (UmlVm vm : vms.values()) {
            if (vm.process().isPresent()) {
                if (config.detachOnStop()) {
                    LOG.info("Leaving VM {} running (pid {})", vm.spec.name(), vm.process().get().pid());
                } else {
                    halt(vm);
                }
            }
        }
        timer.shutdownNow();
        workers.shutdownNow();
        eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        LOG.info("UML hypervisor stopped");
    }

    @Override
    public String type() {
        return "uml";
    }

    @Override
    public VmInfo define(VmSpec spec) {
        if (!spec.hypervisor().equals(type())) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "the UML hypervisor runs hypervisor=uml VMs, not "
                    + spec.hypervisor());
        }
        UmlCommandLine.checkParams(spec.params());
        Path dir = vmsDir.resolve(spec.name());
        if (vms.containsKey(spec.name()) || Files.exists(dir)) {
            throw new PlatformException(ErrorCode.CONFLICT, "a VM named " + spec.name() + " exists already");
        }
        Path base;
        Optional<Path> fromSnapshot = Optional.empty();
        if (spec.image().startsWith(SNAPSHOT_IMAGE)) {
            Path snap = snapshotDir(spec.image().substring(SNAPSHOT_IMAGE.length()));
            base = Path.of(read(snap.resolve("snapshot.properties")).getProperty("base"));
            fromSnapshot = Optional.of(snap.resolve("disk.cow"));
        } else if (spec.image().isEmpty()) {
            base = images.defaultImage();
        } else {
            base = Path.of(spec.image());
            if (!Files.exists(base)) {
                throw new PlatformException(ErrorCode.BAD_REQUEST, "image " + base + " does not exist");
            }
        }
        String umid = spec.name() + "-" + UUID.randomUUID().toString().substring(0, 8);
        UmlVm vm = new UmlVm(spec, umid, dir, base);
        try {
            Files.createDirectories(dir);
            if (fromSnapshot.isPresent()) {
                Files.copy(fromSnapshot.get(), vm.cow());
            }
            GuestImages.mkfifo(vm.consoleFifo());
            vm.save();
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot create VM " + spec.name() + ": " + e.getMessage(), e);
        }
        vms.put(spec.name(), vm);
        LOG.info("Defined VM {} on {}", spec.name(), base);
        return vm.info();
    }

    @Override
    public CompletionStage<VmInfo> start(String name) {
        UmlVm vm = vm(name);
        synchronized (vm) {
            if (vm.state() != VmState.STOPPED && vm.state() != VmState.FAILED) {
                throw new PlatformException(ErrorCode.CONFLICT, "VM " + name + " is " + vm.state() + ", not stopped");
            }
            if (!Files.isExecutable(binary)) {
                throw new PlatformException(ErrorCode.UNAVAILABLE, binary + " not found: install user-mode-linux");
            }
            List<String> command = UmlCommandLine.of(binary, vm.spec, vm.umid, socketDir, vm.base, vm.cow());
            try {
                long offset = Files.exists(vm.consoleLog()) ? Files.size(vm.consoleLog()) : 0;
                vm.openConsoleInput();
                Process p = new ProcessBuilder(command)
                        .directory(vm.dir.toFile())
                        .redirectInput(vm.consoleFifo().toFile())
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(vm.consoleLog().toFile()))
                        .redirectErrorStream(true)
                        .start();
                vm.stopping = false;
                vm.running(p.toHandle(), System.currentTimeMillis());
                vm.state(VmState.STARTING, "");
                vm.ready = new CompletableFuture<>();
                watch(vm, p.toHandle(), vm.ready);
                new ReadinessWatch(vm, offset, timer, Duration.ofSeconds(config.readyTimeoutSeconds()), this::kill).start();
                LOG.info("Started VM {} (pid {}, umid {})", name, p.pid(), vm.umid);
            } catch (IOException e) {
                vm.state(VmState.FAILED, e.getMessage());
                throw new PlatformException(ErrorCode.FAILED, "cannot start VM " + name + ": " + e.getMessage(), e);
            }
            return vm.ready;
        }
    }

    /**
     * Turns an exit the platform did not ask for into FAILED, with the guest's last words, and
     * fails {@code ready} if the guest had not got that far.
     */
    private void watch(UmlVm vm, ProcessHandle p, CompletableFuture<VmInfo> ready) {
        p.onExit().thenRun(() -> {
            if (vm.exited(p)) {
                // UML's helper processes outlive a main process that was killed; they hold the guest's memory.
                processesOf(vm).forEach(ProcessHandle::destroyForcibly);
                if (vm.stopping) {
                    vm.state(VmState.STOPPED, "");
                } else {
                    String last = String.join(" | ", console(vm, 5));
                    vm.state(VmState.FAILED, "process exited unexpectedly; console: " + last);
                    LOG.warn("VM {} died: {}", vm.spec.name(), last);
                }
            }
            ready.completeExceptionally(new PlatformException(ErrorCode.FAILED,
                    "VM " + vm.spec.name() + " exited before it was ready; console: " + String.join(" | ", console(vm, 5))));
        });
    }

    @Override
    public CompletionStage<VmInfo> stop(String name) {
        UmlVm vm = vm(name);
        if (vm.process().isEmpty()) {
            throw notRunning(vm);
        }
        return CompletableFuture.supplyAsync(() -> {
            halt(vm);
            LOG.info("Stopped VM {}", name);
            return vm.info();
        }, workers);
    }

    /** Flushes the guest's disks, halts it, and kills it if it does not exit in time. */
    private void halt(UmlVm vm) {
        vm.stopping = true;
        Optional<ProcessHandle> p = vm.process();
        if (p.isEmpty()) {
            return;
        }
        try {
            if (vm.state() == VmState.FROZEN) {
                command(vm, "go");
            }
            flush(vm);
            command(vm, "halt");
            p.get().onExit().get(10, TimeUnit.SECONDS);
            if (vm.exited(p.get())) {
                processesOf(vm).forEach(ProcessHandle::destroyForcibly);
            }
            vm.state(VmState.STOPPED, ""); // whichever of us and the exit watcher saw the exit first
        } catch (PlatformException | ExecutionException | TimeoutException e) {
            LOG.warn("VM {} did not halt cleanly ({}); killing it", vm.spec.name(), e.getMessage());
            killTree(vm, p.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killTree(vm, p.get());
        }
    }

    @Override
    public VmInfo kill(String name) {
        UmlVm vm = vm(name);
        vm.stopping = true;
        vm.process().ifPresent(p -> {
            killTree(vm, p);
            vm.exited(p);
            vm.state(VmState.STOPPED, "");
        });
        return vm.info();
    }

    private static void killTree(UmlVm vm, ProcessHandle p) {
        p.destroyForcibly();
        processesOf(vm).forEach(ProcessHandle::destroyForcibly);
        try {
            p.onExit().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("process {} survived SIGKILL for 5 s", p.pid());
        }
    }

    @Override
    public VmInfo freeze(String name) {
        UmlVm vm = vm(name);
        if (vm.state() != VmState.RUNNING) {
            throw notRunning(vm);
        }
        command(vm, "stop");
        vm.state(VmState.FROZEN, "");
        return vm.info();
    }

    @Override
    public VmInfo resume(String name) {
        UmlVm vm = vm(name);
        if (vm.state() != VmState.FROZEN) {
            throw new PlatformException(ErrorCode.CONFLICT, "VM " + name + " is " + vm.state() + ", not frozen");
        }
        command(vm, "go");
        vm.state(VmState.RUNNING, "");
        return vm.info();
    }

    /** Every host process of a VM, found by its unique umid on their command lines. */
    private static Stream<ProcessHandle> processesOf(UmlVm vm) {
        String umid = "umid=" + vm.umid;
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().arguments().map(a -> List.of(a).contains(umid)).orElse(false));
    }

    @Override
    public VmInfo addNic(String name, NicSpec nic) {
        UmlVm vm = vm(name);
        synchronized (vm) {
            List<NicSpec> nics = new ArrayList<>(vm.spec.nics());
            nics.add(nic);
            if (vm.process().isPresent()) {
                command(vm, "config " + UmlCommandLine.vec(nics.size() - 1, nic));
            }
            return changeNics(vm, nics);
        }
    }

    @Override
    public VmInfo replaceNic(String name, int index, NicSpec nic) {
        UmlVm vm = vm(name);
        synchronized (vm) {
            List<NicSpec> nics = new ArrayList<>(vm.spec.nics());
            if (index < 0 || index >= nics.size()) {
                throw new PlatformException(ErrorCode.NOT_FOUND, "VM " + name + " has no NIC " + index);
            }
            nics.set(index, nic);
            if (vm.process().isPresent()) {
                String config = "config " + UmlCommandLine.vec(index, nic); // checked before the old device goes
                try {
                    command(vm, "remove vec" + index);
                } catch (PlatformException e) {
                    throw e.getMessage().contains("currently open")
                            ? new PlatformException(ErrorCode.CONFLICT, "UML will not replace vec" + index + " of " + name
                                    + " while the guest has it up; in the guest: ip link set vec" + index + " down")
                            : e;
                }
                command(vm, config);
            }
            return changeNics(vm, nics);
        }
    }

    private VmInfo changeNics(UmlVm vm, List<NicSpec> nics) {
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
        UmlVm vm = vm(name);
        vm.stopping = true;
        vm.process().ifPresent(p -> killTree(vm, p));
        vms.remove(name);
        deleteTree(vm.dir);
        LOG.info("Destroyed VM {}", name);
    }

    @Override
    public Optional<VmInfo> find(String name) {
        return Optional.ofNullable(vms.get(name)).map(UmlVm::info);
    }

    @Override
    public List<VmInfo> list() {
        return vms.values().stream().map(UmlVm::info).sorted(Comparator.comparing(i -> i.spec().name())).toList();
    }

    @Override
    public List<String> console(String name, int lines) {
        return console(vm(name), lines);
    }

    private static List<String> console(UmlVm vm, int lines) {
        try {
            return vm.console(lines);
        } catch (IOException e) {
            return List.of("(console log unreadable: " + e.getMessage() + ")");
        }
    }

    @Override
    public void type(String name, String line) {
        UmlVm vm = vm(name);
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
        return new Snapshots(snapshotsDir, this).take(vm(vmName), snapshot);
    }

    @Override
    public List<SnapshotInfo> snapshots() {
        return new Snapshots(snapshotsDir, this).list();
    }

    @Override
    public void deleteSnapshot(String snapshot) {
        new Snapshots(snapshotsDir, this).delete(snapshot);
    }

    private Path snapshotDir(String snapshot) {
        Path dir = snapshotsDir.resolve(snapshot);
        if (snapshot.contains("/") || !Files.isDirectory(dir)) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "no snapshot named " + snapshot);
        }
        return dir;
    }

    /**
     * Makes what the guest wrote reach its disk layer. SysRq s only starts writeback ("Emergency
     * Sync complete" does not mean written), so after it we also wait until the guest's writes to
     * the copy-on-write file have stopped for a moment. A sync run by the guest itself would be
     * exact; this needs no cooperation from the guest.
     */
    void flush(UmlVm vm) {
        long before = vm.consoleLog().toFile().length();
        command(vm, "sysrq s");
        long deadline = System.nanoTime() + 5_000_000_000L;
        try {
            while (!vm.consoleSince(before).contains("Emergency Sync complete")) {
                pause(vm, deadline);
            }
            long lastChange = System.nanoTime();
            long lastModified = vm.cow().toFile().lastModified();
            while (System.nanoTime() - lastChange < QUIET_NANOS) {
                pause(vm, deadline);
                long modified = vm.cow().toFile().lastModified();
                if (modified != lastModified) {
                    lastModified = modified;
                    lastChange = System.nanoTime();
                }
            }
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot read VM " + vm.spec.name() + "'s console", e);
        }
    }

    private static void pause(UmlVm vm, long deadline) {
        if (System.nanoTime() > deadline) {
            throw new PlatformException(ErrorCode.FAILED, "VM " + vm.spec.name() + " did not finish flushing its disks in 5 s");
        }
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException(ErrorCode.FAILED, "interrupted while flushing " + vm.spec.name(), e);
        }
    }

    /** Sends an mconsole command to a running VM and returns its answer. */
    String command(UmlVm vm, String command) {
        Path socket = socketDir.resolve(vm.umid).resolve("mconsole");
        try {
            return mconsole.send(socket, command, MCONSOLE_TIMEOUT).get();
        } catch (ExecutionException e) {
            throw new PlatformException(ErrorCode.FAILED, "VM " + vm.spec.name() + " refused '" + command + "': "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException(ErrorCode.FAILED, "interrupted talking to VM " + vm.spec.name(), e);
        }
    }

    private UmlVm vm(String name) {
        UmlVm vm = vms.get(name);
        if (vm == null) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "no UML VM named " + name);
        }
        return vm;
    }

    private static PlatformException notRunning(UmlVm vm) {
        return new PlatformException(ErrorCode.CONFLICT, "VM " + vm.spec.name() + " is " + vm.state() + ", not running");
    }

    /** Finds the VMs defined before, and adopts those whose UML process still runs. */
    private void loadVms() {
        try (Stream<Path> dirs = Files.list(vmsDir)) {
            for (Path dir : dirs.toList()) {
                Path file = dir.resolve("vm.properties");
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                Properties p = read(file);
                UmlVm vm = new UmlVm(SpecFile.spec(p), p.getProperty("umid"), dir, Path.of(p.getProperty("base")));
                vms.put(vm.spec.name(), vm);
                adopt(vm);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void adopt(UmlVm vm) throws IOException {
        if (!Files.exists(vm.pidFile())) {
            return;
        }
        long pid = Long.parseLong(Files.readString(vm.pidFile()).strip());
        Optional<ProcessHandle> p = ProcessHandle.of(pid)
                .filter(h -> h.info().arguments().map(a -> List.of(a).contains("umid=" + vm.umid)).orElse(false));
        if (p.isPresent()) {
            vm.running(p.get(), p.get().info().startInstant().map(i -> i.toEpochMilli()).orElse(System.currentTimeMillis()));
            vm.state(VmState.RUNNING, "");
            vm.openConsoleInput();
            watch(vm, p.get(), vm.ready);
            LOG.info("Found VM {} still running (pid {})", vm.spec.name(), pid);
        } else {
            Files.deleteIfExists(vm.pidFile());
        }
    }

    static Properties read(Path file) {
        try {
            return SpecFile.read(file);
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path dir) {
        // A VM's exit handler may remove its pid file while we walk; walk again then.
        for (int attempt = 1; Files.exists(dir); attempt++) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException | UncheckedIOException e) {
                if (attempt == 3) {
                    throw new PlatformException(ErrorCode.FAILED, "cannot delete " + dir + ": " + e.getMessage(), e);
                }
            }
        }
    }
}
