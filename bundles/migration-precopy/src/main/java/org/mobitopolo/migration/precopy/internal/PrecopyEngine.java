package org.mobitopolo.migration.precopy.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.mobitopolo.api.migration.Arrival;
import org.mobitopolo.api.migration.MigrationEngine;
import org.mobitopolo.api.migration.MigrationInfo;
import org.mobitopolo.api.migration.MigrationProgress;
import org.mobitopolo.api.migration.MigrationProgress.Phase;
import org.mobitopolo.api.migration.MigrationReport;
import org.mobitopolo.api.migration.MigrationRequest;
import org.mobitopolo.api.migration.NicOrigin;
import org.mobitopolo.api.netservices.NetworkServices;
import org.mobitopolo.api.netservices.ServiceInfo;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.platform.PluginCatalog;
import org.mobitopolo.api.rebind.RebindContext;
import org.mobitopolo.api.rebind.RebindStrategy;
import org.mobitopolo.api.security.PeerCredentials;
import org.mobitopolo.api.vm.IncomingVm;
import org.mobitopolo.api.vm.NicSpec;
import org.mobitopolo.api.vm.VmInfo;
import org.mobitopolo.api.vm.VmMigration;
import org.mobitopolo.api.vm.VmRegistry;
import org.mobitopolo.api.vm.VmSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
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
 * The pre-copy migration engine: runs each move on a thread of its own, keeps the moves this host
 * started with their latest progress (every running one, the newest finished ones), and posts that
 * progress as events on {@value #TOPIC}.
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component(property = PluginCatalog.PLUGIN_NAME + "=precopy", configurationPid = "org.mobitopolo.migration.precopy")
@Designate(ocd = PrecopyEngine.Config.class)
public final class PrecopyEngine implements MigrationEngine {
    @ObjectClassDefinition(name = "Mobitopolo pre-copy migration engine")
    public @interface Config {
        @AttributeDefinition(description = "For WAN emulation only: ms added each way to the streams of a move, "
                + "which then pass through a relay of the engine's (this kernel has no netem); 0 sends them direct", min = "0")
        long emulatedDelayMillis() default 0;

        @AttributeDefinition(description = "Finished moves (done, failed or cancelled) still listed; the oldest "
                + "are forgotten first, running ones never", min = "0")
        int keepFinished() default 100;
    }

    /** Event Admin topic of progress events; their properties are the fields of {@link MigrationProgress}. */
    public static final String TOPIC = "org/mobitopolo/migration/PROGRESS";
    private static final Logger LOG = LoggerFactory.getLogger(PrecopyEngine.class);
    /** Progress reports kept per move at most (rounds are capped by the policy; this bounds a runaway). */
    private static final int MAX_HISTORY = 2000;

    /** A move and what is known of it. */
    private static final class Tracked {
        final MigrationRequest request;
        final Move move;
        volatile MigrationProgress progress;
        /** Every report, for views that draw the move from its start; a move has at most a few hundred. */
        final List<MigrationProgress> history = new CopyOnWriteArrayList<>();
        volatile MigrationReport report;
        volatile String error = "";

        Tracked(MigrationRequest request, Move move) {
            this.request = request;
            this.move = move;
            // what is known before the move's thread reports: a caller that starts a move reads where it stands at once
            this.progress = new MigrationProgress(request.id(), Phase.PREPARING, 0, 0, 0, 0);
        }

        MigrationInfo info() {
            return new MigrationInfo(request, progress, report, error, history);
        }

        boolean finished() {
            return report != null || !error.isEmpty();
        }
    }

    private final VmRegistry registry;
    private final long delayMillis;
    private final int keepFinished;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PeerCredentials peers;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NetworkServices networkServices;
    private final Map<String, Tracked> moves = new LinkedHashMap<>();
    private final Map<String, RebindStrategy> strategies = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mobitopolo-migration");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public PrecopyEngine(@Reference VmRegistry registry, Config config) {
        this.registry = registry;
        this.delayMillis = config.emulatedDelayMillis();
        this.keepFinished = config.keepFinished();
    }

    @Deactivate
    void deactivate() {
        synchronized (moves) {
            moves.values().forEach(t -> t.move.cancel());
        }
        threads.shutdown();
    }

    @Override
    public CompletionStage<MigrationReport> migrate(MigrationRequest request, Consumer<MigrationProgress> progress) {
        // What can be told at once is: the caller gets a clear error instead of a migration that fails.
        TargetHost.check(request.target());
        registry.hypervisorOf(request.vm());
        PeerCredentials credentials = peers;
        Optional<String> authorization = credentials == null ? Optional.empty() : credentials.authorization(request.target());
        Tracked tracked;
        synchronized (moves) {
            if (moves.containsKey(request.id())) {
                throw new PlatformException(ErrorCode.CONFLICT, "a migration with id " + request.id() + " exists already");
            }
            boolean busy = moves.values().stream().anyMatch(t -> t.request.vm().equals(request.vm()) && !t.finished());
            if (busy) {
                throw new PlatformException(ErrorCode.CONFLICT, "VM " + request.vm() + " is moving already");
            }
            Tracked[] self = new Tracked[1];
            Move move = new Move(request, registry, authorization, delayMillis, () -> networkServices, strategies::get, p -> {
                self[0].progress = p;
                if (self[0].history.size() < MAX_HISTORY) {
                    self[0].history.add(p);
                }
                post(request, p);
                progress.accept(p);
            });
            tracked = new Tracked(request, move);
            self[0] = tracked;
            moves.put(request.id(), tracked);
        }
        LOG.info("Moving VM {} to {} ({})", request.vm(), request.target(), request.policy());
        return CompletableFuture.supplyAsync(tracked.move::run, threads).whenComplete((report, e) -> {
            if (e != null) {
                Throwable cause = e instanceof CompletionException ? e.getCause() : e;
                tracked.error = String.valueOf(cause.getMessage());
                LOG.warn("Moving VM {} failed: {}", request.vm(), tracked.error);
            } else {
                tracked.report = report;
            }
            synchronized (moves) {
                forgetOldest(moves, Tracked::finished, keepFinished);
            }
        });
    }

    @Override
    public boolean cancel(String migrationId) {
        Tracked tracked;
        synchronized (moves) {
            tracked = moves.get(migrationId);
        }
        if (tracked == null || tracked.finished()) {
            return false;
        }
        tracked.move.cancel();
        return true;
    }

    /** Removes the oldest finished entries of a map in insertion order until at most {@code keep} are left. */
    static <T> void forgetOldest(Map<?, T> inOrder, Predicate<T> finished, int keep) {
        long excess = inOrder.values().stream().filter(finished).count() - keep;
        for (Iterator<T> it = inOrder.values().iterator(); excess > 0 && it.hasNext(); ) {
            if (finished.test(it.next())) {
                it.remove();
                excess--;
            }
        }
    }

    @Override
    public List<MigrationInfo> migrations() {
        synchronized (moves) {
            return new ArrayList<>(moves.values().stream().map(Tracked::info).toList());
        }
    }

    @Override
    public IncomingVm receive(VmSpec spec, long diskBytes, String host) {
        if (registry.vms().stream().anyMatch(v -> v.spec().name().equals(spec.name()))) {
            throw new PlatformException(ErrorCode.CONFLICT, "a VM named " + spec.name() + " exists on this host");
        }
        LOG.info("Receiving VM {} from {}", spec.name(), host);
        return registry.migration(spec.hypervisor()).receive(spec, diskBytes, host);
    }

    @Override
    public Arrival complete(String vm, String rebind, Map<String, NicOrigin> origins) {
        VmMigration mover = registry.migration(registry.hypervisorOf(vm).type());
        VmInfo info = mover.completeIncoming(vm);
        long running = System.nanoTime();
        if (mover.live()) {
            renewIfMoved(info.spec(), rebind, origins);
        }
        List<String> rebinding = new ArrayList<>();
        for (String strategy : rebind.split(",")) {
            rebinding.addAll(rebind(info.spec(), strategy, origins));
        }
        LOG.info("VM {} arrived and runs here; rebinding: {}", vm, rebinding);
        return new Arrival(info, rebinding, (System.nanoTime() - running) / 1_000_000);
    }

    @Override
    public void drop(String vm) {
        registry.migration(registry.hypervisorOf(vm).type()).dropIncoming(vm);
    }

    /**
     * A live-moved default guest whose first NIC, which takes its address by DHCP, landed on another
     * network serving DHCP here still holds its old lease: it is told to renew (on its console), keeping
     * its old address when a strategy asked for still delivers to it there.
     */
    private void renewIfMoved(VmSpec spec, String rebind, Map<String, NicOrigin> origins) {
        if (spec.nics().isEmpty() || !"dhcp".equals(spec.params().get("ip"))) {
            return;
        }
        NicSpec nic = spec.nics().get(0);
        NicOrigin origin = origins.get(nic.mac());
        NetworkServices s = networkServices;
        if (origin == null || origin.network().equals(nic.network()) || s == null
                || !s.services(nic.network()).map(ServiceInfo::dhcp).orElse(false)) {
            return;
        }
        boolean keep = Arrays.stream(rebind.split(",")).map(strategies::get)
                .anyMatch(r -> r != null && r.keepsPreviousAddress());
        try {
            registry.hypervisorOf(spec.name()).type(spec.name(), keep ? "mobi-renew keep" : "mobi-renew");
        } catch (RuntimeException e) {
            LOG.info("VM {} could not be asked to renew its lease on {}: {}", spec.name(), nic.network(), e.getMessage());
        }
    }

    /**
     * Has the strategy rebind each NIC on a virtual network, with what is known of its addresses here
     * ({@link NicAddresses}) and at the source (its origin).
     */
    private List<String> rebind(VmSpec spec, String name, Map<String, NicOrigin> origins) {
        if (name.equals(MigrationRequest.NO_REBIND)) {
            return List.of();
        }
        RebindStrategy strategy = strategies.get(name);
        if (strategy == null) {
            return List.of("rebinding strategy '" + name + "' not installed on this host (installed: " + strategies.keySet()
                    + "); the switches learn where VM " + spec.name() + " is from its own traffic");
        }
        List<String> done = new ArrayList<>();
        for (int i = 0; i < spec.nics().size(); i++) {
            NicSpec nic = spec.nics().get(i);
            if (nic.network().isEmpty()) {
                continue;
            }
            List<String> addresses = NicAddresses.of(spec, i, () -> networkServices);
            NicOrigin origin = origins.getOrDefault(nic.mac(), new NicOrigin(nic.network(), addresses));
            try {
                done.add(strategy.rebind(new RebindContext(spec.name(), nic.network(), nic.mac(), addresses, origin.network(),
                        origin.addresses())));
            } catch (RuntimeException e) {
                done.add(name + " failed for " + nic.mac() + ": " + e.getMessage());
                LOG.warn("Rebinding {} of VM {} with {} failed", nic.mac(), spec.name(), name, e);
            }
        }
        return done;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStrategy(RebindStrategy strategy, Map<String, Object> props) {
        strategies.put(String.valueOf(props.get(RebindStrategy.STRATEGY)), strategy);
    }

    void removeStrategy(RebindStrategy strategy, Map<String, Object> props) {
        strategies.remove(String.valueOf(props.get(RebindStrategy.STRATEGY)), strategy);
    }

    private void post(MigrationRequest request, MigrationProgress p) {
        EventAdmin admin = events;
        if (admin != null) {
            Map<String, Object> props = new HashMap<>();
            props.put("migrationId", p.migrationId());
            props.put("vm", request.vm());
            props.put("target", request.target().toString());
            props.put("phase", p.phase().name());
            props.put("round", p.round());
            props.put("bytesSent", p.bytesSent());
            props.put("dirtyBytesPerSecond", p.dirtyBytesPerSecond());
            props.put("expectedDowntimeMillis", p.expectedDowntimeMillis());
            admin.postEvent(new Event(TOPIC, props));
        }
    }
}
