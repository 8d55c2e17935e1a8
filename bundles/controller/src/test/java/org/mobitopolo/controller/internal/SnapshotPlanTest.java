package org.mobitopolo.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.topology.Deployment;
import org.mobitopolo.api.topology.HostCapacity;
import org.mobitopolo.api.topology.Plan;
import org.mobitopolo.api.topology.Problem;
import org.mobitopolo.api.topology.Topology;
import org.mobitopolo.api.topology.TopologyException;
import org.mobitopolo.api.topology.TopologySnapshot;

/** Distributed snapshots: their plans, and deploying one again from a file that names it. */
class SnapshotPlanTest {
    private final DefaultTopologyPlanner planner = new DefaultTopologyPlanner();
    private static final List<HostCapacity> TWO = List.of(Hosts.both("tokyo", 8000), Hosts.both("florida", 8000));
    private static final String FILE = Hosts.example("protocol-handler.mobi.yml");

    @Test
    void everyRunningNodeIsFrozenBeforeAnyIsCopiedAndResumedAfter() {
        Topology t = planner.read(FILE);
        Deployment d = Hosts.died(Hosts.apply(Deployment.NONE, planner.plan(t, Deployment.NONE, TWO)), "client");
        Plan p = planner.snapshot(d, t, "monday");
        assertEquals(List.of(
                "1 FREEZE_VM tokyo content",
                "1 FREEZE_VM tokyo proxy",
                "2 SNAPSHOT_VM florida client monday-client",
                "2 SNAPSHOT_VM tokyo content monday-content",
                "2 SNAPSHOT_VM tokyo proxy monday-proxy",
                "3 RESUME_VM tokyo content",
                "3 RESUME_VM tokyo proxy"), Hosts.keys(p));
        assertEquals("snapshot VM client on florida as monday-client (not running: its disk)", p.steps().get(2).detail());
        assertEquals(2, p.parallelism("tokyo"), "a host's VMs freeze at once, however few its cores");
    }

    @Test
    void aNodeFromASnapshotItsHostLacksFetchesItFirstOncePerHost() {
        Topology t = planner.read("""
                name: clones
                hosts: {a: local, b: 'http://10.0.0.2:8181'}
                nodes:
                  one: {image: 'snapshot:golden', host: a}
                  two: {image: 'snapshot:golden', host: a}
                  three: {image: 'snapshot:golden', host: b}
                """);
        Plan p = planner.plan(t, Deployment.NONE, List.of(Hosts.both("a", 4000),
                new HostCapacity("b", 4000, 2, Set.of("uml", "qemu"), Set.of("golden"))));
        assertEquals(List.of(
                "1 FETCH_SNAPSHOT a golden b",
                "2 CREATE_VM a one",
                "2 CREATE_VM a two",
                "2 CREATE_VM b three"), Hosts.keys(p));
        assertEquals("fetch snapshot golden on a from b", p.steps().get(0).detail());
    }

    private static TopologySnapshot monday(Topology t) {
        return new TopologySnapshot("monday", t.name(), 1, FILE, Map.of("tokyo", "local", "florida", "http://10.0.0.2:8181"),
                Map.of("content", node("tokyo", "content", t), "proxy", node("tokyo", "proxy", t), "client", node("florida", "client", t)));
    }

    private static TopologySnapshot.Node node(String host, String name, Topology t) {
        var n = t.node(name).orElseThrow();
        return new TopologySnapshot.Node(host, "monday-" + name, n.hypervisor(), true, n.nics().stream().map(nic -> nic.mac()).toList());
    }

    @Test
    void aFileFromASnapshotIsTheSnapshotsTopologyOnTheHostsItMaps() {
        Topology original = planner.read(FILE);
        TopologySnapshot snap = monday(original);
        Topology again = planner.read(FromSnapshot.expand("""
                name: again
                from-snapshot: monday
                hosts: {tokyo: 'http://10.0.0.2:8181', florida: local}
                """, n -> n.equals("monday") ? Optional.of(snap) : Optional.empty()));
        assertEquals("again", again.name());
        assertEquals("http://10.0.0.2:8181", again.host("tokyo").orElseThrow().url());
        assertEquals("local", again.host("florida").orElseThrow().url());
        for (var n : original.nodes()) {
            var m = again.node(n.name()).orElseThrow();
            assertEquals("snapshot:monday-" + n.name(), m.image());
            assertEquals(snap.nodes().get(n.name()).host(), m.host());
            assertEquals(n.nics().stream().map(nic -> nic.mac()).toList(), m.nics().stream().map(nic -> nic.mac()).toList(),
                    "the MACs its guest knows, though the topology's name changed");
            assertEquals(n.dependsOn(), m.dependsOn());
        }
        assertEquals(original.hostLinks(), again.hostLinks());
        String text = FromSnapshot.expand("name: again\nfrom-snapshot: monday\nplacement: automatic\n", n -> Optional.of(snap));
        assertTrue(planner.read(text).nodes().stream().allMatch(n -> n.placedAutomatically()));
        assertEquals(text, FromSnapshot.expand("name: again\nfrom-snapshot: monday\nplacement: automatic\n", n -> Optional.of(snap)),
                "the same file, the same topology: deploying it again changes nothing");
    }

    @Test
    void aFileFromASnapshotMovesANodeAndChangesItsLinksButNothingElse() {
        Topology original = planner.read(FILE);
        TopologySnapshot snap = monday(original);
        Topology texas = planner.read(FromSnapshot.expand("""
                name: texas
                from-snapshot: monday
                nodes:
                  proxy: {host: florida, nics: [{impairment: {delayMillis: 88, rateBitsPerSecond: 2710000}}]}
                host-links: [{hosts: [tokyo, florida], impairment: {delayMillis: 14}}]
                """, n -> Optional.of(snap)));
        var proxy = texas.node("proxy").orElseThrow();
        assertEquals("florida", proxy.host());
        assertEquals("snapshot:monday-proxy", proxy.image(), "still made from its own snapshot, fetched where it now runs");
        assertEquals(88, proxy.nics().get(0).impairment().delayMillis());
        assertEquals(2_710_000, proxy.nics().get(0).impairment().rateBitsPerSecond());
        assertEquals(original.node("proxy").orElseThrow().nics().get(0).mac(), proxy.nics().get(0).mac());
        assertEquals(14, texas.hostLinks().get(0).impairment().delayMillis());
        assertEquals(original.node("client").orElseThrow().nics(), texas.node("client").orElseThrow().nics(),
                "a node not named keeps its NICs as they were");
    }

    @Test
    void aBadFileFromASnapshotIsRefusedWithEveryProblem() {
        TopologySnapshot snap = monday(planner.read(FILE));
        List<Problem> p = assertThrows(TopologyException.class, () -> FromSnapshot.expand("""
                from-snapshot: monday
                hosts: {tokyo: local}
                placement: anywhere
                nodes:
                  ghost: {host: tokyo}
                  proxy: {memoryMb: 512, nics: [{network: lan}]}
                networks: {}
                """, n -> Optional.of(snap))).problems();
        assertEquals(List.of(
                "line 1, column 1: name: missing: every topology has a name",
                "line 2, column 1: hosts: the snapshot's nodes ran on florida, which the file's hosts do not name: give each its URL "
                        + "now, or say placement: automatic",
                "line 3, column 1: placement: placement is as-taken or automatic, got 'anywhere'",
                "line 5, column 3: nodes.ghost: the snapshot has no node ghost (it has client, content, proxy)",
                "line 6, column 11: nodes.proxy.memoryMb: a node from a snapshot keeps what it is; only its host and its NICs' "
                        + "impairments change here",
                "line 6, column 33: nodes.proxy.nics[0]: a NIC of a node from a snapshot changes only its impairment: "
                        + "{impairment: {...}}",
                "line 7, column 1: networks: unknown field 'networks' in a file from a snapshot, which takes its networks and nodes "
                        + "from the snapshot (known here: from-snapshot, host-links, hosts, name, nodes, placement)"),
                p.stream().map(Problem::toString).toList());
        assertEquals("line 2, column 1: from-snapshot: no distributed snapshot named tuesday", assertThrows(TopologyException.class,
                () -> FromSnapshot.expand("name: x\nfrom-snapshot: tuesday\n", n -> Optional.empty())).problems().get(0).toString());
    }
}
