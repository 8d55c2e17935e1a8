package org.mobitopolo.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.topology.Deployment;
import org.mobitopolo.api.topology.HostCapacity;
import org.mobitopolo.api.topology.Plan;
import org.mobitopolo.api.topology.Problem;
import org.mobitopolo.api.topology.Topology;
import org.mobitopolo.api.topology.TopologyException;

class PlacementTest {
    private final DefaultTopologyPlanner planner = new DefaultTopologyPlanner();

    private static final String FILE = """
            name: place
            hosts: {a: local, b: 'http://127.0.0.2:8181', c: 'http://127.0.0.3:8181'}
            networks: {lan: {}}
            nodes:
              big: {hypervisor: qemu, memoryMb: 512, nics: [lan]}
              small1: {memoryMb: 64, nics: [lan]}
              small2: {memoryMb: 64, nics: [lan]}
              pinned: {host: c, nics: [lan]}
            """;

    private static final List<HostCapacity> HOSTS = List.of(
            new HostCapacity("a", 1000, 2, Set.of("uml"), Set.of()),
            new HostCapacity("b", 600, 2, Set.of("uml", "qemu"), Set.of()),
            new HostCapacity("c", 100, 2, Set.of("uml", "qemu"), Set.of()));

    @Test
    void byUsableHypervisorAndMostFreeMemoryLargestFirst() {
        Plan p = planner.plan(planner.read(FILE), Deployment.NONE, HOSTS);
        // big: only b runs QEMU. small1: a has 1000, b 88 left. small2: a 936 > b 88. pinned: its own host.
        assertEquals(Map.of("big", "b", "small1", "a", "small2", "a", "pinned", "c"), p.placement());
    }

    @Test
    void sameInputSamePlacementWhateverTheOrderOfTheFacts() {
        Topology t = planner.read(FILE);
        Plan one = planner.plan(t, Deployment.NONE, HOSTS);
        Plan two = planner.plan(t, Deployment.NONE, List.of(HOSTS.get(2), HOSTS.get(0), HOSTS.get(1)));
        assertEquals(one, two);
    }

    @Test
    void aNodePlacedBeforeStaysWhereItIsUnlessTheFileMovesIt() {
        Topology t = planner.read(FILE);
        Deployment deployed = Hosts.apply(Deployment.NONE, planner.plan(t, Deployment.NONE, HOSTS));
        // a filled up since, b emptied: a fresh placement would choose b, the re-plan keeps a.
        List<HostCapacity> now = List.of(new HostCapacity("a", 10, 2, Set.of("uml"), Set.of()),
                new HostCapacity("b", 5000, 2, Set.of("uml", "qemu"), Set.of()), HOSTS.get(2));
        Plan again = planner.plan(t, deployed, now);
        assertEquals(Map.of("big", "b", "small1", "a", "small2", "a", "pinned", "c"), again.placement());
        assertEquals("no changes", again.summary());
        Plan moved = planner.plan(planner.read(FILE.replace("small1: {memoryMb: 64,", "small1: {memoryMb: 64, host: b,")), deployed, now);
        assertEquals("b", moved.placement().get("small1"));
    }

    @Test
    void refusedWhenNoHostFitsOrAHostIsUnreachable() {
        List<Problem> p = assertThrows(TopologyException.class, () -> planner.plan(planner.read(FILE + """
                  huge: {memoryMb: 4000}
                  snap: {image: 'snapshot:golden', host: b}
                  lost: {image: 'snapshot:nowhere'}
                """), Deployment.NONE, HOSTS.subList(0, 2))).problems();
        assertEquals(List.of(
                "nodes.pinned.host: cannot run on c: unreachable (no facts from it)",
                "nodes.snap.host: cannot run on b: no host of the topology has snapshot golden",
                // huge is placed first of the automatic nodes: the largest
                "nodes.huge: no host can run it (a: needs 4000 MiB, 1000 MiB free; b: needs 4000 MiB, 600 MiB free;"
                        + " c: unreachable (no facts from it))",
                "nodes.lost: no host can run it (a: no host of the topology has snapshot nowhere; b: no host of the topology has "
                        + "snapshot nowhere; c: unreachable (no facts from it))"),
                p.stream().map(Problem::toString).toList());
    }

    @Test
    void aSnapshotPlacesItsNodeWhereTheSnapshotIs() {
        Topology t = planner.read("""
                name: snap
                hosts: {a: local, b: 'http://127.0.0.2:8181'}
                nodes:
                  clone: {image: 'snapshot:golden'}
                """);
        Plan p = planner.plan(t, Deployment.NONE, List.of(Hosts.both("a", 4000),
                new HostCapacity("b", 100, 1, Set.of("uml"), Set.of("golden"))));
        assertEquals(Map.of("clone", "b"), p.placement());
    }
}
