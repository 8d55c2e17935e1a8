package org.mobitopolo.migration.precopy.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.mobitopolo.api.migration.MigrationPolicy;
import org.mobitopolo.api.migration.MigrationPolicy.NoConvergence;
import org.mobitopolo.api.migration.MigrationProgress;
import org.mobitopolo.api.migration.MigrationProgress.Phase;
import org.mobitopolo.api.migration.MigrationReport;
import org.mobitopolo.api.migration.MigrationRequest;
import org.mobitopolo.api.migration.NicOrigin;
import org.mobitopolo.api.netservices.NetworkServices;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.rebind.RebindContext;
import org.mobitopolo.api.rebind.RebindStrategy;
import org.mobitopolo.api.vm.Hypervisor;
import org.mobitopolo.api.vm.IncomingVm;
import org.mobitopolo.api.vm.MigrationTuning;
import org.mobitopolo.api.vm.NicSpec;
import org.mobitopolo.api.vm.OutgoingMigration;
import org.mobitopolo.api.vm.OutgoingMigration.State;
import org.mobitopolo.api.vm.VmInfo;
import org.mobitopolo.api.vm.VmMigration;
import org.mobitopolo.api.vm.VmRegistry;
import org.mobitopolo.api.vm.VmSpec;
import org.mobitopolo.api.vm.VmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One move under the user's policy: the target prepares the VM, the source hypervisor
 * pre-copies disk and memory, and this loop watches every round, applying the policy when the copy
 * does not converge, until the target runs the VM. On any failure the target's copy is dropped and
 * the source runs on.
 */
final class Move {
    private static final Logger LOG = LoggerFactory.getLogger(Move.class);
    private static final long POLL_MILLIS = 50;

    private final MigrationRequest request;
    private final VmRegistry registry;
    private final Optional<String> authorization;
    private final long delayMillis;
    private final Consumer<MigrationProgress> progress;
    private final Supplier<NetworkServices> services;
    private final Function<String, RebindStrategy> strategies;
    private Map<String, NicOrigin> origins = Map.of();
    /** The source's halves of the strategies that did something here, undone when the move fails after them. */
    private final List<Runnable> undo = new ArrayList<>();
    private volatile boolean cancelled;
    private MigrationProgress last;
    /** When the source paused for the last copy, as first seen by polling. */
    private long pausedAt;

    /**
     * @param services this host's network services, for the moving VM's DHCP leases; they give null when there are none
     * @param strategies the rebinding strategies installed here by name (null for one that is not), for their source's halves
     */
    Move(MigrationRequest request, VmRegistry registry, Optional<String> authorization, long delayMillis,
            Supplier<NetworkServices> services, Function<String, RebindStrategy> strategies, Consumer<MigrationProgress> progress) {
        this.request = request;
        this.services = services;
        this.strategies = strategies;
        this.authorization = authorization;
        this.registry = registry;
        this.delayMillis = delayMillis;
        this.progress = progress;
    }

    void cancel() {
        cancelled = true;
    }

    MigrationReport run() {
        long start = System.nanoTime();
        String vm = request.vm();
        emit(Phase.PREPARING, 0, 0, 0, 0);
        Hypervisor hypervisor = registry.hypervisorOf(vm);
        VmMigration mover = registry.migration(hypervisor.type());
        TargetHost target = new TargetHost(request.target(), authorization);
        IncomingVm incoming;
        VmSpec spec;
        try {
            spec = movable(hypervisor.find(vm).orElseThrow()).spec();
            origins = origins(spec);
            incoming = target.receive(onTargetNetworks(spec), mover.diskBytes(vm));
        } catch (RuntimeException e) {
            // refused here or by the target before anything was sent: nothing to give up but the move
            emit(Phase.FAILED, 0, 0, 0, 0);
            throw e;
        }
        List<DelayRelay> relays = new ArrayList<>();
        try {
            OutgoingMigration copied = precopy(mover, delayMillis > 0 ? relayed(incoming, relays) : incoming, start);
            // Through the engine's relay, what crossed the link is known exactly (not the zeros the disk mirror skips).
            OutgoingMigration done = relays.isEmpty() ? copied : new OutgoingMigration(copied.state(), copied.rounds(),
                    relays.stream().mapToLong(DelayRelay::bytesSent).sum(), 0, 0, 0, copied.downtimeMillis(), "");
            emit(Phase.SWITCHOVER, done.rounds(), done.bytes(), 0, done.downtimeMillis());
            List<String> rebinding = new ArrayList<>(mover.live() ? leave(spec) : List.of());
            TargetHost.Rebound rebound = target.complete(vm, request.rebind(), origins);
            rebinding.addAll(rebound.lines());
            // Down from the source's pause until the target runs it (for a VM not moved live: until it has
            // booted there), as seen from here, less the target's rebinding after that; at least what the
            // hypervisor measured on its side.
            long downtime = Math.max(done.downtimeMillis(), (System.nanoTime() - pausedAt) / 1_000_000 - rebound.millis());
            mover.completeOutgoing(vm);
            long total = (System.nanoTime() - start) / 1_000_000;
            emit(Phase.COMPLETED, done.rounds(), done.bytes(), 0, downtime);
            LOG.info("VM {} moved to {} in {} ms ({} rounds, {} bytes, {} ms down{}); rebinding: {}", vm, request.target(),
                    total, done.rounds(), done.bytes(), downtime, mover.live() ? "" : ", restarted there", rebinding);
            return new MigrationReport(request.id(), vm, mover.live(), total, downtime, done.rounds(), done.bytes(),
                    rebinding);
        } catch (RuntimeException e) {
            giveUp(mover, target);
            undo.forEach(Runnable::run);
            emit(cancelled ? Phase.CANCELLED : Phase.FAILED, last.round(), last.bytesSent(), 0, 0);
            throw e;
        } finally {
            for (DelayRelay r : relays) {
                try {
                    r.close();
                } catch (IOException e) {
                    LOG.debug("Relay close: {}", e.getMessage());
                }
            }
        }
    }

    /**
     * The source's halves of the requested strategies installed here, while the VM is paused (e.g. a
     * forward from the network it leaves): one line each that did something.
     */
    private List<String> leave(VmSpec spec) {
        List<String> lines = new ArrayList<>();
        for (String name : request.strategies()) {
            RebindStrategy strategy = strategies.apply(name);
            if (strategy == null) {
                continue; // the target says what it lacks; a source's half is optional
            }
            for (NicSpec nic : spec.nics()) {
                NicOrigin origin = origins.get(nic.mac());
                RebindContext context = new RebindContext(request.vm(), request.targetNetwork(nic.network()), nic.mac(), List.of(),
                        nic.network(), origin == null ? List.of() : origin.addresses());
                try {
                    Optional<String> line = strategy.leaving(context, request.target());
                    if (line.isPresent()) {
                        lines.add(line.get());
                        undo.add(() -> {
                            try {
                                strategy.stayed(context);
                            } catch (RuntimeException e) {
                                LOG.warn("Undoing {} for VM {} failed: {}", name, request.vm(), e.getMessage());
                            }
                        });
                    }
                } catch (RuntimeException e) {
                    lines.add(name + " failed at the source for " + nic.mac() + ": " + e.getMessage());
                    LOG.warn("The source's half of {} for VM {} failed", name, request.vm(), e);
                }
            }
        }
        return lines;
    }

    /** The VM as the target makes it: each NIC on the network the request maps its own to. */
    private VmSpec onTargetNetworks(VmSpec spec) {
        List<NicSpec> nics = spec.nics().stream()
                .map(n -> new NicSpec(request.targetNetwork(n.network()), n.mac(), n.local(), n.remote())).toList();
        return new VmSpec(spec.name(), spec.hypervisor(), spec.memoryMb(), spec.image(), nics, spec.params());
    }

    /** Where each NIC is here, by MAC: what the target's strategies start from. */
    private Map<String, NicOrigin> origins(VmSpec spec) {
        Map<String, NicOrigin> out = new LinkedHashMap<>();
        for (int i = 0; i < spec.nics().size(); i++) {
            NicSpec nic = spec.nics().get(i);
            out.put(nic.mac(), new NicOrigin(nic.network(), NicAddresses.of(spec, i, services)));
        }
        return out;
    }

    /** The VM, when it may move: running, and with every NIC on a virtual network. */
    private static VmInfo movable(VmInfo info) {
        String vm = info.spec().name();
        if (info.state() != VmState.RUNNING) {
            throw new PlatformException(ErrorCode.CONFLICT, "VM " + vm + " is " + info.state() + "; only a running VM moves");
        }
        for (NicSpec nic : info.spec().nics()) {
            if (nic.network().isEmpty()) {
                // Its fixed endpoints are this host's; nothing on the other host could take them over.
                throw new PlatformException(ErrorCode.CONFLICT, "VM " + vm + " has a point-to-point NIC (" + nic.mac()
                        + " at " + nic.local() + "); only NICs on virtual networks move with a VM");
            }
        }
        return info;
    }

    /** The target's endpoints, each behind a relay of this engine on the loopback that delays the stream. */
    private IncomingVm relayed(IncomingVm incoming, List<DelayRelay> relays) {
        return new IncomingVm(incoming.vm(), relay(incoming.memoryUri(), relays), relay(incoming.diskUri(), relays));
    }

    /** {@code tcp:HOST:PORT}, {@code tcp://HOST:PORT} or {@code nbd://HOST:PORT/EXPORT}, re-pointed at a relay. */
    private String relay(String uri, List<DelayRelay> relays) {
        if (uri.isEmpty()) {
            return uri;
        }
        URI u = URI.create(uri.startsWith("tcp:") && !uri.startsWith("tcp://") ? "tcp://" + uri.substring(4) : uri);
        try {
            DelayRelay r = new DelayRelay(new InetSocketAddress(u.getHost(), u.getPort()), delayMillis);
            relays.add(r);
            String local = "127.0.0.1:" + r.port();
            return uri.replace(u.getHost() + ":" + u.getPort(), local);
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot open the engine's relay to " + uri + ": " + e.getMessage(), e);
        }
    }

    /** Follows the copy round by round until the source has sent everything; applies the policy on the way. */
    private OutgoingMigration precopy(VmMigration mover, IncomingVm incoming, long start) {
        MigrationPolicy policy = request.policy();
        long downtime = policy.downtimeBudgetMillis();
        // Auto-converge is a capability QEMU takes only before the copy starts; it throttles only a guest that
        // dirties memory faster than it is copied, which is the no-convergence case this policy is for.
        boolean throttle = policy.onNoConvergence() == NoConvergence.THROTTLE_GUEST;
        mover.send(request.vm(), incoming, new MigrationTuning(downtime, policy.bandwidthBytesPerSecond(), throttle));
        int nextRaiseAt = policy.maxRounds() + 1;
        String reason = null;
        while (true) {
            OutgoingMigration s = mover.status(request.vm());
            if (pausedAt == 0 && (s.state() == State.SWITCHOVER || s.state() == State.COMPLETED)) {
                pausedAt = System.nanoTime() - (s.state() == State.COMPLETED ? s.downtimeMillis() * 1_000_000 : 0);
            }
            switch (s.state()) {
                case COMPLETED -> {
                    return s;
                }
                case FAILED, CANCELLED -> throw new PlatformException(ErrorCode.FAILED, "VM " + request.vm() + " did not move: "
                        + (reason != null ? reason : s.error()) + "; it runs on here");
                default -> { }
            }
            emit(s.state() == State.SWITCHOVER ? Phase.STOP_AND_COPY : Phase.PRECOPY, s.rounds(), s.bytes(),
                    s.dirtyBytesPerSecond(), s.expectedDowntimeMillis());
            if (reason == null) {
                if (cancelled) {
                    reason = "cancelled";
                } else if ((System.nanoTime() - start) / 1_000_000 > policy.maxTimeMillis()) {
                    reason = "it took longer than " + policy.maxTimeMillis() + " ms";
                } else if (s.state() != State.SWITCHOVER && s.rounds() >= nextRaiseAt) {
                    switch (policy.onNoConvergence()) {
                        case ABORT -> reason = "it did not converge in " + policy.maxRounds() + " rounds";
                        case RAISE_DOWNTIME, THROTTLE_GUEST -> {
                            // Stepwise: every further round doubles what the last copy may take. A throttled
                            // guest has been slowed down harder each round by then, to no avail.
                            downtime *= 2;
                            nextRaiseAt = s.rounds() + 1;
                            mover.tune(request.vm(), new MigrationTuning(downtime, policy.bandwidthBytesPerSecond(), throttle));
                            LOG.info("VM {}: round {} did not converge; downtime budget now {} ms", request.vm(),
                                    s.rounds(), downtime);
                        }
                    }
                }
                if (reason != null) {
                    mover.cancel(request.vm());
                }
            }
            sleep();
        }
    }

    /** Drops the target's copy first, so that never two copies run, then makes sure the source runs on. */
    private void giveUp(VmMigration mover, TargetHost target) {
        try {
            target.drop(request.vm());
        } catch (RuntimeException e) {
            LOG.warn("Target {} kept VM {}'s incoming copy: {}", request.target(), request.vm(), e.getMessage());
        }
        try {
            mover.cancel(request.vm());
        } catch (RuntimeException e) {
            LOG.debug("Nothing to cancel for VM {}: {}", request.vm(), e.getMessage());
        }
    }

    private void emit(Phase phase, int round, long bytes, long dirtyRate, long expectedDowntime) {
        MigrationProgress p = new MigrationProgress(request.id(), phase, round, bytes, dirtyRate, expectedDowntime);
        if (last == null || last.phase() != phase || last.round() != round || bytes - last.bytesSent() >= 1 << 20) {
            last = p;
            progress.accept(p);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException(ErrorCode.FAILED, "interrupted", e);
        }
    }
}
