package org.mobitopolo.controller.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.PeerCredentials;
import org.mobitopolo.api.security.Sessions;
import org.mobitopolo.api.store.Store;
import org.mobitopolo.api.topology.DeployedHost;
import org.mobitopolo.api.topology.DeployedVm;
import org.mobitopolo.api.topology.Deployment;
import org.mobitopolo.api.topology.HostCapacity;
import org.mobitopolo.api.topology.Plan;
import org.mobitopolo.api.topology.RunState;
import org.mobitopolo.api.topology.Step;
import org.mobitopolo.api.topology.StepKind;
import org.mobitopolo.api.topology.StepRun;
import org.mobitopolo.api.topology.StepState;
import org.mobitopolo.api.topology.Topology;
import org.mobitopolo.api.topology.TopologyController;
import org.mobitopolo.api.topology.TopologyGraph;
import org.mobitopolo.api.topology.TopologyHost;
import org.mobitopolo.api.topology.TopologyNetwork;
import org.mobitopolo.api.topology.TopologyNic;
import org.mobitopolo.api.topology.TopologyNode;
import org.mobitopolo.api.topology.TopologyPlanner;
import org.mobitopolo.api.topology.TopologyRun;
import org.mobitopolo.api.topology.TopologySnapshot;
import org.mobitopolo.api.topology.TopologyStatus;
import org.mobitopolo.api.vm.ExecResult;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topology controller: plans from the journal as the hosts confirm it, runs plans on the hosts'
 * REST endpoints (this runtime's own included) and journals every step in the platform's store.
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component(configurationPid = "org.mobitopolo.controller", service = {TopologyController.class, EventHandler.class},
        property = EventConstants.EVENT_TOPIC + "=org/mobitopolo/migration/PROGRESS")
@Designate(ocd = JournaledController.Config.class)
public final class JournaledController implements TopologyController, EventHandler {
    @ObjectClassDefinition(name = "Mobitopolo topology controller")
    public @interface Config {
        @AttributeDefinition(description = "How long a VM's guest may take to report ready, in seconds (QEMU without KVM "
                + "boots in tens of seconds)", min = "1")
        int readyTimeoutSeconds() default 300;

        @AttributeDefinition(description = "How long moving a VM to another host may take, in seconds", min = "1")
        int moveTimeoutSeconds() default 900;

        @AttributeDefinition(description = "This runtime's REST URL as the controller and the other hosts reach it; "
                + "empty: Pax Web's HTTP port on its listening address")
        String localUrl() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(JournaledController.class);
    /** A lease not renewed for this long is a dead runtime's. */
    private static final Duration LEASE_STALE = Duration.ofSeconds(60);

    private final Store store;
    private final TopologyPlanner planner;
    private final PeerCredentials peers;
    private final LocalRuntime local;
    private final Duration readyTimeout;
    private final Duration moveTimeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mobitopolo-controller");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService leases = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mobitopolo-controller-leases");
        t.setDaemon(true);
        return t;
    });
    private static final Pattern SNAPSHOT_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,30}");

    /** A distributed snapshot whose run goes on: kept once it completes. */
    private record Cut(TopologySnapshot snapshot, Map<String, HostClient> hosts) {}

    /** The distributed snapshots being taken here, by run id. */
    private final Map<String, Cut> cuts = new ConcurrentHashMap<>();
    /** The runs going on here, by topology. */
    private final Map<String, PlanRun> active = new ConcurrentHashMap<>();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;
    private volatile Journal journal;
    private volatile String owner;

    @Activate
    public JournaledController(@Reference Store store, @Reference TopologyPlanner planner, @Reference Sessions sessions,
            @Reference PeerCredentials peers, @Reference ConfigurationAdmin configAdmin, Config config) {
        this.store = store;
        this.planner = planner;
        this.peers = peers;
        this.local = new LocalRuntime(LocalRuntime.url(config.localUrl(), configAdmin), sessions);
        this.readyTimeout = Duration.ofSeconds(config.readyTimeoutSeconds());
        this.moveTimeout = Duration.ofSeconds(config.moveTimeoutSeconds());
        leases.scheduleWithFixedDelay(this::renewLeases, 10, 10, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        leases.shutdownNow();
        threads.shutdownNow(); // each run journals itself as failed as it stops
        try {
            threads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        local.close();
    }

    @Override
    public Plan plan(String text) {
        Topology topology = planner.read(FromSnapshot.expand(text, this::snapshot));
        requireLocalIsHere(topology.name());
        Map<String, HostClient> hosts = clients(hostUrls(topology), owner());
        return planner.plan(topology, observed(topology.name(), hosts), capacity(topology, hosts));
    }

    @Override
    public TopologyRun deploy(String given) {
        String text = FromSnapshot.expand(given, this::snapshot); // journaled as expanded: a destroy needs no snapshot
        Topology topology = planner.read(text);
        return leased(topology.name(), id -> {
            requireLocalIsHere(topology.name());
            Map<String, String> urls = hostUrls(topology);
            Map<String, HostClient> hosts = clients(urls, owner());
            Plan plan = planner.plan(topology, observed(topology.name(), hosts), capacity(topology, hosts));
            String localOwner = urls.containsValue(TopologyHost.LOCAL) ? owner() : "";
            journal().putApplied(new Journal.Applied(topology.name(), text, plan.placement(), urls, localOwner),
                    System.currentTimeMillis());
            return start(id, TopologyRun.Action.DEPLOY, topology.name(), topology, plan, hosts);
        });
    }

    @Override
    public TopologyRun destroy(String name) {
        return leased(name, id -> {
            Journal.Applied applied = journal().applied(name)
                    .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no topology named " + name));
            requireLocalIsHere(name);
            Map<String, HostClient> hosts = clients(applied.hosts(), owner());
            Plan plan = planner.destroy(observed(name, hosts), planner.read(applied.source()));
            return start(id, TopologyRun.Action.DESTROY, name, null, plan, hosts);
        });
    }

    @Override
    public TopologyRun snapshot(String topology, String snapshot) {
        if (!SNAPSHOT_NAME.matcher(snapshot).matches()) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "distributed snapshot names are 1-31 lower-case letters, digits "
                    + "or dashes, got " + snapshot);
        }
        if (journal().snapshot(snapshot).isPresent()) {
            throw new PlatformException(ErrorCode.CONFLICT, "a distributed snapshot named " + snapshot + " exists already");
        }
        return leased(topology, id -> {
            Journal.Applied applied = journal().applied(topology)
                    .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no topology named " + topology));
            requireLocalIsHere(topology);
            Map<String, HostClient> hosts = clients(applied.hosts(), owner());
            Deployment current = observed(topology, hosts);
            Topology t = planner.read(applied.source());
            Plan plan = planner.snapshot(current, t, snapshot);
            Map<String, TopologySnapshot.Node> nodes = new HashMap<>();
            plan.steps().stream().filter(s -> s.kind() == StepKind.SNAPSHOT_VM).forEach(s -> {
                TopologyNode n = t.node(s.target()).orElseThrow();
                nodes.put(n.name(), new TopologySnapshot.Node(s.host(), s.peer(), n.hypervisor(),
                        current.hosts().get(s.host()).vms().get(n.name()).running(), n.nics().stream().map(TopologyNic::mac).toList()));
            });
            if (nodes.isEmpty()) {
                throw new PlatformException(ErrorCode.CONFLICT, "topology " + topology + " has no VMs to snapshot");
            }
            cuts.put(id, new Cut(new TopologySnapshot(snapshot, topology, System.currentTimeMillis(), applied.source(),
                    applied.hosts(), nodes), hosts));
            return start(id, TopologyRun.Action.SNAPSHOT, topology, null, plan, hosts);
        });
    }

    @Override
    public List<TopologySnapshot> snapshots() {
        return journal().snapshots();
    }

    @Override
    public Optional<TopologySnapshot> snapshot(String name) {
        return journal().snapshot(name);
    }

    @Override
    public void deleteSnapshot(String name) {
        TopologySnapshot snap = snapshot(name)
                .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no distributed snapshot named " + name));
        List<String> left = deleteVmSnapshots(snap, clients(snap.hosts(), owner()));
        if (!left.isEmpty()) {
            throw new PlatformException(ErrorCode.UNAVAILABLE, "distributed snapshot " + name + " is kept: " + String.join("; ", left)
                    + "; delete it again once the host is back");
        }
        journal().deleteSnapshot(name);
        LOG.info("Distributed snapshot {} deleted", name);
    }

    /**
     * Deletes the cut's VM snapshots on every host of its topology: where they were taken, and where a
     * deploy from the cut fetched them. Returns what could not be deleted, and why.
     */
    private static List<String> deleteVmSnapshots(TopologySnapshot snap, Map<String, HostClient> hosts) {
        List<String> left = new ArrayList<>();
        snap.hosts().keySet().forEach(h -> {
            HostClient host = hosts.get(h);
            for (TopologySnapshot.Node n : snap.nodes().values()) {
                try {
                    if (host == null) {
                        throw new PlatformException(ErrorCode.UNAVAILABLE, "host " + h + " is another runtime's local host");
                    }
                    host.deleteSnapshot(n.snapshot()); // absent there: nothing to do
                } catch (PlatformException e) {
                    left.add("VM snapshot " + n.snapshot() + " on " + h + ": " + e.getMessage());
                    if (e.code() == ErrorCode.UNAVAILABLE) {
                        return; // the host's other snapshots would say the same
                    }
                }
            }
        });
        return left;
    }

    @Override
    public List<TopologyStatus> list() {
        List<TopologyStatus> all = new ArrayList<>();
        for (String name : journal().names()) {
            status(name, false).ifPresent(all::add);
        }
        return all;
    }

    @Override
    public Optional<TopologyStatus> get(String name) {
        return status(name, true);
    }

    /** With {@code askHosts}, what exists as the hosts confirm it (a VM that died shows so); else as journaled. */
    private Optional<TopologyStatus> status(String name, boolean askHosts) {
        return journal().applied(name).map(a -> {
            PlanRun running = active.get(name);
            TopologyRun last = running != null ? running.now() : journal().lastRun(name).orElse(null);
            Deployment d = askHosts ? observed(name, clients(a.hosts(), a.localOwner())) : journal().deployment(name);
            return new TopologyStatus(name, a.placement(), d, last);
        });
    }

    @Override
    public Optional<TopologyRun> run(String id) {
        for (PlanRun r : active.values()) {
            if (r.now().id().equals(id)) {
                return Optional.of(r.now());
            }
        }
        return journal().run(id);
    }

    @Override
    public Optional<CompletionStage<TopologyRun>> ended(String id) {
        for (PlanRun r : active.values()) {
            if (r.now().id().equals(id)) {
                return Optional.of(r.ended());
            }
        }
        return journal().run(id).map(CompletableFuture::completedStage);
    }

    @Override
    public ExecResult exec(String topology, String node, List<String> argv, Duration timeout) {
        Journal.Applied applied = journal().applied(topology)
                .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no topology named " + topology));
        String host = journal().deployment(topology).hosts().entrySet().stream()
                .filter(h -> h.getValue().vms().containsKey(node)).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "topology " + topology + " has no node " + node));
        HostClient client = clients(applied.hosts(), applied.localOwner()).get(host);
        if (client == null) {
            throw new PlatformException(ErrorCode.CONFLICT, "node " + node + " runs on host " + host
                    + ", another runtime's local host: run it there");
        }
        return client.exec(node, argv, timeout);
    }

    @Override
    public TopologyRun move(String name, String node, String host) {
        return leased(name, id -> {
            Journal.Applied applied = journal().applied(name)
                    .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no topology named " + name));
            requireLocalIsHere(name);
            Topology file = planner.read(applied.source());
            TopologyNode n = file.node(node)
                    .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "topology " + name + " has no node " + node));
            if (file.host(host).isEmpty()) {
                throw new PlatformException(ErrorCode.NOT_FOUND, "topology " + name + " has no host " + host + " (its hosts: "
                        + String.join(", ", file.hosts().stream().map(TopologyHost::name).toList()) + ")");
            }
            Map<String, HostClient> hosts = clients(applied.hosts(), owner());
            Deployment current = observed(name, hosts);
            String at = current.hostOf(node).map(DeployedHost::host).orElseThrow(() -> new PlatformException(ErrorCode.CONFLICT,
                    "node " + node + " of topology " + name + " is on no host: deploy the topology first"));
            if (at.equals(host)) {
                throw new PlatformException(ErrorCode.CONFLICT, "node " + node + " of topology " + name + " is on " + host + " already");
            }
            Topology moved = new Topology(file.name(), file.hosts(), file.networks(), file.nodes().stream()
                    .map(x -> x != n ? x : new TopologyNode(x.name(), x.hypervisor(), x.memoryMb(), x.image(), x.params(), x.nics(),
                            host, x.dependsOn()))
                    .toList(), file.hostLinks(), file.images());
            Plan plan = planner.plan(moved, current, capacity(moved, hosts));
            journal().putApplied(new Journal.Applied(name, applied.source(), plan.placement(), applied.hosts(), applied.localOwner()),
                    System.currentTimeMillis());
            return start(id, TopologyRun.Action.MOVE, name, moved, plan, hosts);
        });
    }

    @Override
    public Optional<String> graph(String name, GraphFormat format) {
        return graph(name).map(g -> format == GraphFormat.SVG ? Graphs.svg(Graphs.dot(g)) : Graphs.dot(g));
    }

    @Override
    public Optional<TopologyGraph> graph(String name) {
        return journal().applied(name)
                .map(a -> Graphs.model(planner.read(a.source()), a.placement(), observed(name, clients(a.hosts(), a.localOwner()))));
    }

    /**
     * Follows a move this runtime's migration engine completed, whoever asked for it (this controller's
     * MIGRATE_VM or a person's {@code mobi:migrate}): a topology's VM that left a host of this runtime
     * for another of the topology's hosts is journaled there, with its placement, so that the next
     * deploy finds it where it is. A move to a host the topology does not name is logged: the next
     * deploy would make the VM again where the file puts it.
     */
    @Override
    public void handleEvent(Event event) {
        if (!"COMPLETED".equals(event.getProperty("phase"))) {
            return;
        }
        String vm = String.valueOf(event.getProperty("vm"));
        URI target = URI.create(String.valueOf(event.getProperty("target")));
        try {
            Journal j = journal();
            for (String name : j.names()) {
                j.applied(name).filter(a -> a.localOwner().isEmpty() || a.localOwner().equals(owner())).ifPresent(a -> {
                    a.hosts().forEach((host, url) -> {
                        if (url.equals(TopologyHost.LOCAL) && j.topologiesWith(host, vm).contains(name)) {
                            followMove(j, a, host, vm, target);
                        }
                    });
                });
            }
        } catch (RuntimeException storeDown) {
            LOG.warn("Could not record that VM {} moved to {}: {}", vm, target, storeDown.getMessage());
        }
    }

    private void followMove(Journal j, Journal.Applied a, String from, String vm, URI target) {
        String to = a.hosts().entrySet().stream()
                .filter(e -> !e.getValue().equals(TopologyHost.LOCAL) && sameRuntime(URI.create(e.getValue()), target))
                .map(Map.Entry::getKey).findFirst().orElse(null);
        if (to == null) {
            LOG.warn("Topology {}: VM {} moved to {}, which is none of its hosts; its next deploy makes it again on {}", a.name(), vm,
                    target, a.placement().get(vm));
            return;
        }
        DeployedVm moved = j.deployment(a.name()).hosts().get(from).vms().get(vm);
        Map<String, String> placement = new HashMap<>(a.placement());
        placement.put(vm, to);
        j.updatePlacement(a.name(), placement);
        j.putVm(a.name(), to, vm, moved.specHash(), Map.of()); // its ports there are new, hence unshaped
        j.remove(a.name(), from, "vm", vm);
        LOG.info("Topology {}: VM {} moved from {} to {}", a.name(), vm, from, to);
    }

    private static boolean sameRuntime(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /**
     * Takes the topology's lease, then reads, plans and starts under it ({@code body}, given the run's
     * id): what another runtime did just before is seen, and nothing it does meanwhile interferes. A
     * run that started releases the lease when it ends; anything that fails before releases it now.
     */
    private TopologyRun leased(String topology, Function<String, TopologyRun> body) {
        String id = topology + "-" + UUID.randomUUID().toString().substring(0, 8);
        journal().lease(topology, id, owner(), System.currentTimeMillis(), LEASE_STALE.toMillis());
        try {
            return body.apply(id);
        } catch (RuntimeException e) {
            journal().release(topology, id);
            throw e;
        }
    }

    /**
     * Journals the run and starts it; a plan without steps completes at once.
     *
     * @param file the topology deployed (its networks' services, its images), {@code null} for a destroy or a snapshot
     */
    private TopologyRun start(String id, TopologyRun.Action action, String topology, Topology file, Plan plan,
            Map<String, HostClient> hosts) {
        Journal j = journal();
        long now = System.currentTimeMillis();
        List<StepRun> steps = plan.steps().stream().map(s -> new StepRun(s.wave(), s.key(), s.host(), s.kind(), s.detail(),
                StepState.PENDING, 0, "")).toList();
        boolean nothingToDo = plan.noChanges();
        TopologyRun run = new TopologyRun(id, topology, action, nothingToDo ? RunState.COMPLETED : RunState.RUNNING,
                plan.summary(), steps, now, nothingToDo ? now : 0, "");
        j.insertRun(run, owner());
        if (nothingToDo) {
            finish(run, j);
            return run;
        }
        LOG.info("Topology {}: {} run {} started: {}", topology, action.name().toLowerCase(), id, plan.summary());
        StepRunner runner = new StepRunner(topology, file, hosts, j, readyTimeout, moveTimeout);
        PlanRun planRun = new PlanRun(run, plan, runner, j, this::stepEvent, threads);
        active.put(topology, planRun);
        try {
            threads.execute(() -> planRun.run(done -> finish(done, j)));
        } catch (RuntimeException stopping) {
            active.remove(topology);
            j.finishRun(id, RunState.FAILED, System.currentTimeMillis(), "the controller is stopping");
            throw new PlatformException(ErrorCode.UNAVAILABLE, "the controller is stopping", stopping);
        }
        return planRun.now();
    }

    private void finish(TopologyRun done, Journal j) {
        try {
            if (done.action() == TopologyRun.Action.DESTROY && j.deployment(done.topology()).isEmpty()) {
                j.forget(done.topology());
            }
            Cut cut = cuts.remove(done.id());
            if (cut != null) {
                keepOrUndo(cut, done, j);
            }
            j.release(done.topology(), done.id());
        } finally {
            active.remove(done.topology());
        }
        LOG.info("Topology {}: run {} {}{}", done.topology(), done.id(), done.state().name().toLowerCase(),
                done.error().isEmpty() ? "" : ": " + done.error());
    }

    /** A distributed snapshot that completed is kept; of one that failed, nothing is: its VM snapshots go. */
    private static void keepOrUndo(Cut cut, TopologyRun done, Journal j) {
        if (done.state() == RunState.COMPLETED) {
            j.putSnapshot(cut.snapshot());
            LOG.info("Topology {}: distributed snapshot {} of {} nodes kept", done.topology(), cut.snapshot().name(),
                    cut.snapshot().nodes().size());
            return;
        }
        List<String> left = deleteVmSnapshots(cut.snapshot(), cut.hosts()); // one never taken is not there: fine
        if (!left.isEmpty()) {
            LOG.warn("Topology {}: the failed snapshot {} left {}", done.topology(), cut.snapshot().name(), String.join("; ", left));
        }
    }

    private void stepEvent(TopologyRun run, Step step, StepRun now) {
        if (now.state() != StepState.RUNNING) {
            LOG.info("Topology {}: {} {}{}", run.topology(), step.detail(), now.state().name().toLowerCase(),
                    now.error().isEmpty() ? "" : ": " + now.error());
        }
        EventAdmin admin = events;
        if (admin != null) {
            Map<String, Object> p = new HashMap<>();
            p.put("topology", run.topology());
            p.put("run", run.id());
            p.put("step", step.key());
            p.put("host", step.host());
            p.put("kind", step.kind().name());
            p.put("detail", step.detail());
            p.put("state", now.state().name());
            p.put("millis", now.millis());
            if (!now.error().isEmpty()) {
                p.put("error", now.error());
            }
            admin.postEvent(new Event(STEP_TOPIC, p));
        }
    }

    private void renewLeases() {
        try {
            long now = System.currentTimeMillis();
            active.values().forEach(r -> journal().renew(r.now().topology(), r.now().id(), now));
        } catch (RuntimeException storeDown) {
            LOG.warn("Could not renew the controller's leases: {}", storeDown.getMessage());
        }
    }

    /**
     * What the journal says of the topology, as its hosts confirm it: a VM, network (with its services) or tunnel its host
     * no longer has is left out (the plan makes it again), a VM that does not run is marked so (the plan
     * starts it). A host that cannot be reached is taken at the journal's word.
     */
    private Deployment observed(String topology, Map<String, HostClient> hosts) {
        Deployment journaled = journal().deployment(topology);
        Map<String, DeployedHost> seen = new HashMap<>();
        journaled.hosts().forEach((name, d) -> {
            HostClient client = hosts.get(name);
            if (client == null) { // another runtime's local: not this one's to ask
                seen.put(name, d);
                return;
            }
            try {
                Map<String, String> vms = client.vms();
                var networks = new HashSet<>(d.networks());
                networks.retainAll(client.networks());
                Map<String, Endpoint> tunnelIds = client.tunnels();
                var tunnels = new HashMap<>(d.tunnels());
                tunnels.keySet().removeIf(peer -> journal().tunnel(topology, name, peer)
                        .map(t -> !tunnelIds.containsKey(t.id())).orElse(true));
                Map<String, DeployedVm> there = new HashMap<>();
                d.vms().forEach((vm, v) -> {
                    String state = vms.get(vm);
                    if (state != null) {
                        boolean running = !state.equals("STOPPED") && !state.equals("FAILED");
                        there.put(vm, new DeployedVm(vm, v.specHash(), running, v.impairments()));
                    }
                });
                var services = new HashMap<>(d.services());
                services.keySet().retainAll(networks); // a network's services are kept in its host's store: they live as long as it
                seen.put(name, new DeployedHost(name, networks, tunnels, there, services));
            } catch (PlatformException unreachable) {
                LOG.info("Topology {}: host {} not checked ({}); taking the journal's word for it", topology, name,
                        unreachable.getMessage());
                seen.put(name, d);
            }
        });
        return new Deployment(seen);
    }

    private List<HostCapacity> capacity(Topology topology, Map<String, HostClient> hosts) {
        List<HostCapacity> out = new ArrayList<>();
        for (TopologyHost h : topology.hosts()) {
            try {
                out.add(hosts.get(h.name()).capacity());
            } catch (PlatformException unreachable) {
                LOG.warn("Topology {}: host {} cannot take nodes now: {}", topology.name(), h.name(), unreachable.getMessage());
            }
        }
        return out;
    }

    /** The file's hosts' URLs, and those of hosts it dropped where the topology still has something. */
    private Map<String, String> hostUrls(Topology topology) {
        Map<String, String> urls = new LinkedHashMap<>();
        journal().applied(topology.name()).ifPresent(a -> urls.putAll(a.hosts()));
        urls.keySet().retainAll(journal().deployment(topology.name()).hosts().keySet());
        topology.hosts().forEach(h -> urls.put(h.name(), h.url()));
        return urls;
    }

    /**
     * A topology whose host {@code local} is another runtime sharing the store is that runtime's to
     * change: here {@code local} would mean this one.
     */
    private void requireLocalIsHere(String topology) {
        journal().applied(topology).filter(a -> !a.localOwner().isEmpty() && !a.localOwner().equals(owner())).ifPresent(a -> {
            throw new PlatformException(ErrorCode.CONFLICT, "topology " + topology + " was deployed by runtime " + a.localOwner()
                    + " of this store, whose own host its 'local' is: deploy or destroy it there, or name its hosts by URL");
        });
    }

    /**
     * A client per host; {@code local} is this runtime when {@code localOwner} is this runtime's id,
     * else a runtime this one cannot call as itself, left out (so taken at the journal's word).
     */
    private Map<String, HostClient> clients(Map<String, String> urls, String localOwner) {
        Map<String, HostClient> clients = new HashMap<>();
        urls.forEach((name, url) -> {
            if (TopologyHost.LOCAL.equals(url)) {
                if (localOwner.isEmpty() || localOwner.equals(owner())) {
                    clients.put(name, new HostClient(name, local.url(), local::authorization, http));
                }
            } else {
                URI base = URI.create(url);
                clients.put(name, new HostClient(name, base, () -> peers.authorization(base), http));
            }
        });
        return clients;
    }

    private Journal journal() {
        Journal j = journal;
        if (j == null) {
            synchronized (this) {
                if (journal == null) {
                    store.migrate("controller", JournaledController.class.getClassLoader());
                    owner = store.info().instance();
                    int abandoned = new Journal(store.dataSource()).failAbandoned(owner, System.currentTimeMillis());
                    if (abandoned > 0) {
                        LOG.warn("{} topology runs of this runtime were cut short when it stopped; deploy again to go on", abandoned);
                    }
                    journal = new Journal(store.dataSource());
                }
                j = journal;
            }
        }
        return j;
    }

    private String owner() {
        journal();
        return owner;
    }
}
