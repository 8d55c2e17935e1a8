package org.mobitopolo.controller.internal;

import static org.mobitopolo.api.vm.Hypervisor.SNAPSHOT_IMAGE;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mobitopolo.api.net.LinkShape;
import org.mobitopolo.api.topology.DeployedHost;
import org.mobitopolo.api.topology.DeployedVm;
import org.mobitopolo.api.topology.Deployment;
import org.mobitopolo.api.topology.HostCapacity;
import org.mobitopolo.api.topology.HostLink;
import org.mobitopolo.api.topology.StepKind;
import org.mobitopolo.api.topology.Topology;
import org.mobitopolo.api.topology.TopologyHost;
import org.mobitopolo.api.topology.TopologyImage;
import org.mobitopolo.api.topology.TopologyNetwork;
import org.mobitopolo.api.topology.TopologyNic;
import org.mobitopolo.api.topology.TopologyNode;
import org.mobitopolo.api.vm.VmSpec;

/**
 * The difference between a placed topology and what exists, as steps. Linear in nodes and NICs, plus
 * the host pairs that share a network. Phases, each a wave or more, in this order: snapshots fetched
 * and images built for the VMs made from them, networks, tunnels, tunnel shapes, VM deletions, migrations, VM creations and starts (one wave per
 * {@code depends-on} level), port shapes, tunnel closings, network deletions. So a migration finds its
 * target's networks and tunnels ready, creations find the memory that deletions freed, and tunnels and
 * networks go only once nothing of the topology uses them.
 */
final class Planner {
    private final Topology topology;
    private final Deployment current;
    private final Map<String, String> placement;
    private final Map<String, HostCapacity> capacity = new LinkedHashMap<>();
    private final Waves waves = new Waves();
    private final Waves.Phase fetches = waves.phase();
    private final Set<String> fetched = new HashSet<>();
    /** Per image, the host that builds it; the others fetch it from there. */
    private final Map<String, String> imageBuilders = new HashMap<>();

    /** @param capacity what the reachable hosts have, in the file's order: the snapshots a host lacks come from the first that has them */
    Planner(Topology topology, Deployment current, Map<String, String> placement, Collection<HostCapacity> capacity) {
        this.topology = topology;
        this.current = current;
        this.placement = placement;
        capacity.forEach(c -> this.capacity.put(c.host(), c));
    }

    Waves plan() {
        Map<String, Set<String>> networks = desiredNetworks();
        Map<String, Set<String>> tunnels = desiredTunnels(networks);
        Map<String, DeployedHost> have = new TreeMap<>(current.hosts());

        Waves.Phase createNetworks = waves.phase();
        networks.forEach((h, nets) -> nets.stream()
                .filter(n -> !has(have, h).networks().contains(n))
                .forEach(n -> createNetworks.add(0, h, StepKind.CREATE_NETWORK, n, "", null,
                        "create network " + n + " on " + h)));
        Map<String, Map<String, TopologyNetwork>> services = desiredServices(networks);
        Waves.Phase configure = waves.phase();
        services.forEach((h, byNetwork) -> byNetwork.forEach((name, net) -> {
            String hash = Specs.hash(net);
            if (!hash.equals(has(have, h).services().get(name))) {
                configure.addServices(h, name, hash, "serve " + describe(net) + " on network " + name + " on " + h);
            }
        }));
        Waves.Phase open = waves.phase();
        Waves.Phase shapeTunnels = waves.phase();
        tunnels.forEach((a, peers) -> peers.forEach(b -> {
            LinkShape had = has(have, a).tunnels().get(b);
            if (had == null) {
                open.add(0, a, StepKind.OPEN_TUNNEL, b, b, null, "open tunnel " + a + " -> " + b);
            }
            LinkShape want = hostLink(a, b);
            if (!want.equals(had == null ? LinkShape.NONE : had)) {
                shapeTunnels.add(0, a, StepKind.SHAPE_TUNNEL, b, b, want,
                        "shape tunnel " + a + " -> " + b + ": " + describe(want));
            }
        }));

        Waves.Phase deletions = waves.phase();
        Waves.Phase migrations = waves.phase();
        Waves.Phase starts = waves.phase();
        Waves.Phase shapePorts = waves.phase();
        Map<String, TopologyNode> nodes = new HashMap<>();
        topology.nodes().forEach(n -> nodes.put(n.name(), n));
        // Every deployed copy of every VM: normally one, two after a move that half happened.
        Map<String, List<String>> copies = new HashMap<>();
        have.forEach((h, d) -> new TreeSet<>(d.vms().keySet()).forEach(vm -> copies.computeIfAbsent(vm, k -> new ArrayList<>()).add(h)));
        copies.forEach((vm, hosts) -> {
            if (!nodes.containsKey(vm)) {
                hosts.forEach(h -> deletions.add(0, h, StepKind.DELETE_VM, vm, "", null,
                        "delete VM " + vm + " on " + h + " (not in the file any more)"));
            }
        });
        Map<String, Integer> levels = Levels.of(topology);
        for (TopologyNode n : topology.nodes()) {
            node(n, placement.get(n.name()), copies.getOrDefault(n.name(), List.of()), have, levels.get(n.name()),
                    deletions, migrations, starts, shapePorts);
        }

        Waves.Phase unserve = waves.phase();
        Waves.Phase close = waves.phase();
        Waves.Phase dropNetworks = waves.phase();
        have.forEach((h, d) -> {
            // a network that goes from this host takes its services with it
            new TreeSet<>(d.services().keySet()).stream()
                    .filter(n -> !services.getOrDefault(h, Map.of()).containsKey(n) && networks.getOrDefault(h, Set.of()).contains(n))
                    .forEach(n -> unserve.add(0, h, StepKind.REMOVE_SERVICES, n, "", null,
                            "stop the services of network " + n + " on " + h + " (the file asks no more of them there)"));
            new TreeSet<>(d.tunnels().keySet()).stream().filter(b -> !tunnels.getOrDefault(h, Set.of()).contains(b))
                    .forEach(b -> close.add(0, h, StepKind.CLOSE_TUNNEL, b, b, null,
                            "close tunnel " + h + " -> " + b + " (no network of the topology spans both any more)"));
            new TreeSet<>(d.networks()).stream().filter(n -> !networks.getOrDefault(h, Set.of()).contains(n))
                    .forEach(n -> dropNetworks.add(0, h, StepKind.DELETE_NETWORK, n, "", null,
                            "delete network " + n + " on " + h + " (no VM of the topology on it there any more)"));
        });
        return waves;
    }

    private void node(TopologyNode n, String host, List<String> copies, Map<String, DeployedHost> have, int level,
            Waves.Phase deletions, Waves.Phase migrations, Waves.Phase starts, Waves.Phase shapePorts) {
        VmSpec spec = Specs.vm(n);
        TopologyImage built = topology.image(n.image()).orElse(null);
        String hash = Specs.hash(spec, built);
        DeployedVm there = copies.contains(host) ? has(have, host).vms().get(n.name()) : null;
        // A running copy elsewhere with this spec: the one to move here rather than lose (a VM is never lost).
        String running = copies.stream().filter(h -> !h.equals(host)).filter(h -> {
            DeployedVm v = has(have, h).vms().get(n.name());
            return v.running() && v.specHash().equals(hash);
        }).findFirst().orElse(null);
        String keep; // the copy that stays: the one on its host, or the one that moves there
        boolean fresh; // its switch ports are new, hence unshaped
        if (there != null && there.specHash().equals(hash) && (there.running() || running == null)) {
            keep = host;
            fresh = false;
            if (!there.running()) {
                starts.add(level, host, StepKind.START_VM, n.name(), "", null,
                        "start VM " + n.name() + " on " + host + " (it is not running)");
            }
        } else {
            fresh = true;
            keep = running;
            if (keep != null) {
                migrations.addVm(0, keep, StepKind.MIGRATE_VM, n.name(), host, spec, hash,
                        "move VM " + n.name() + " from " + keep + " to " + host
                                + ("qemu".equals(n.hypervisor()) ? " (live)" : " (by restart: UML cannot move live)"));
            } else {
                fetchIfMissing(n, host);
                if (built != null && fetched.add(host + " image " + built.name())) {
                    image(built, host);
                }
                starts.addVm(level, host, StepKind.CREATE_VM, n.name(), "", spec, hash,
                        "create and start VM " + n.name() + " (" + n.hypervisor() + ", " + n.memoryMb() + " MiB) on " + host);
            }
        }
        for (String h : copies) {
            // Any other copy goes: a spec that changed, or what a move that half happened left behind.
            if (!h.equals(keep)) {
                String why = !h.equals(host) ? "it runs on " + host + " from now on"
                        : there.specHash().equals(hash) ? "a stopped copy: the running one on " + keep + " moves here"
                        : "its spec changed: it is made anew";
                deletions.add(0, h, StepKind.DELETE_VM, n.name(), "", null, "delete VM " + n.name() + " on " + h + " (" + why + ")");
            }
        }
        for (TopologyNic nic : n.nics()) {
            LinkShape had = fresh ? LinkShape.NONE
                    : there.impairments().getOrDefault(nic.network(), LinkShape.NONE);
            if (!nic.impairment().equals(had)) {
                shapePorts.add(0, host, StepKind.SHAPE_PORT, n.name(), nic.network(), nic.impairment(),
                        "shape what VM " + n.name() + " receives on " + nic.network() + " on " + host + ": "
                                + describe(nic.impairment()));
            }
        }
    }

    /**
     * An image a VM made on {@code host} needs: built on the first host that needs it, fetched from there
     * by the others, whose build then finds it made from the same packages (or refuses another of that name).
     */
    private void image(TopologyImage built, String host) {
        String builder = imageBuilders.putIfAbsent(built.name(), host);
        String build = "build image " + built.name() + " on " + host + " from " + String.join(", ", built.packages());
        if (builder == null) {
            fetches.add(0, host, StepKind.BUILD_IMAGE, built.name(), "", null, build + " (or reuse one built from them)");
        } else {
            fetches.add(1, host, StepKind.FETCH_IMAGE, built.name(), builder, null,
                    "fetch image " + built.name() + " on " + host + " from " + builder + " (unless it is there)");
            fetches.add(2, host, StepKind.BUILD_IMAGE, built.name(), "", null, build + " (reusing the one fetched)");
        }
    }

    /** A node made from a snapshot its host lacks: fetched first from a host that has it (once per host). */
    private void fetchIfMissing(TopologyNode n, String host) {
        if (!n.image().startsWith(SNAPSHOT_IMAGE)) {
            return;
        }
        String snapshot = n.image().substring(SNAPSHOT_IMAGE.length());
        HostCapacity here = capacity.get(host);
        if (here == null || here.snapshots().contains(snapshot) || !fetched.add(host + " " + snapshot)) {
            return; // there, or fetched once for all the nodes that need it
        }
        capacity.values().stream().filter(c -> c.snapshots().contains(snapshot)).findFirst().ifPresent(source ->
                fetches.add(0, host, StepKind.FETCH_SNAPSHOT, snapshot, source.host(), null,
                        "fetch snapshot " + snapshot + " on " + host + " from " + source.host()));
    }

    /** Per host, the networks its nodes are on. */
    private Map<String, Set<String>> desiredNetworks() {
        Map<String, Set<String>> out = new TreeMap<>();
        for (TopologyNode n : topology.nodes()) {
            for (TopologyNic nic : n.nics()) {
                out.computeIfAbsent(placement.get(n.name()), h -> new TreeSet<>()).add(nic.network());
            }
        }
        return out;
    }

    /**
     * Per host, the networks whose services it runs: each network's on one host only (two DHCP servers
     * on one LAN would hand out the same addresses), the first of the file's hosts that has a node on
     * it; its broadcasts reach the other hosts' VMs through the tunnels.
     */
    private Map<String, Map<String, TopologyNetwork>> desiredServices(Map<String, Set<String>> networks) {
        Map<String, Map<String, TopologyNetwork>> out = new TreeMap<>();
        for (TopologyNetwork net : topology.networks()) {
            if (!net.hasServices()) {
                continue;
            }
            topology.hosts().stream().map(TopologyHost::name).filter(h -> networks.getOrDefault(h, Set.of()).contains(net.name()))
                    .findFirst().ifPresent(h -> out.computeIfAbsent(h, k -> new TreeMap<>()).put(net.name(), net));
        }
        return out;
    }

    /** {@code 10.1.0.0/24 at 10.1.0.1, DHCP, DNS site-a.mobi}. */
    static String describe(TopologyNetwork n) {
        return n.subnet() + (n.gateway().isEmpty() ? "" : " at " + n.gateway()) + (n.dhcp() ? ", DHCP" : "")
                + (n.router().isEmpty() ? "" : " (router " + n.router() + ")") + (n.dns().isEmpty() ? "" : ", DNS " + n.dns());
    }

    /** Per host, the hosts it needs a tunnel to: those it shares a network with. */
    private static Map<String, Set<String>> desiredTunnels(Map<String, Set<String>> networks) {
        Map<String, Set<String>> hostsOf = new TreeMap<>();
        networks.forEach((h, nets) -> nets.forEach(n -> hostsOf.computeIfAbsent(n, k -> new TreeSet<>()).add(h)));
        Map<String, Set<String>> out = new TreeMap<>();
        for (Set<String> hosts : hostsOf.values()) {
            for (String a : hosts) {
                for (String b : hosts) {
                    if (!a.equals(b)) {
                        out.computeIfAbsent(a, k -> new TreeSet<>()).add(b);
                    }
                }
            }
        }
        return out;
    }

    private LinkShape hostLink(String a, String b) {
        return topology.hostLinks().stream().filter(l -> l.joins(a, b)).map(HostLink::impairment).findFirst()
                .orElse(LinkShape.NONE);
    }

    private static DeployedHost has(Map<String, DeployedHost> have, String host) {
        DeployedHost h = have.get(host);
        return h != null ? h : new DeployedHost(host, Set.of(), Map.of(), Map.of());
    }

    /** {@code delay 101 ms, rate 2290000 bit/s}, or {@code none}. */
    static String describe(LinkShape s) {
        if (s.isNone()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        if (s.delayMillis() > 0) {
            parts.add("delay " + s.delayMillis() + " ms");
        }
        if (s.jitterMillis() > 0) {
            parts.add("jitter " + s.jitterMillis() + " ms");
        }
        if (s.rateBitsPerSecond() > 0) {
            parts.add("rate " + s.rateBitsPerSecond() + " bit/s");
        }
        if (s.lossPercent() > 0) {
            parts.add("loss " + s.lossPercent() + " %");
        }
        return String.join(", ", parts);
    }
}
