package org.mobitopolo.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.topology.Deployment;
import org.mobitopolo.api.topology.HostCapacity;
import org.mobitopolo.api.topology.Plan;
import org.mobitopolo.api.topology.Topology;
import org.mobitopolo.api.topology.TopologyGraph;

class GraphsTest {
    private final DefaultTopologyPlanner planner = new DefaultTopologyPlanner();
    private static final List<HostCapacity> TWO = List.of(Hosts.both("tokyo", 8000), Hosts.both("florida", 8000));

    @Test
    void hostsAreBoxesOfTheirVmsColouredByStateWithNetworksAndTunnels() {
        Topology t = planner.read(Hosts.example("protocol-handler.mobi.yml"));
        Plan plan = planner.plan(t, Deployment.NONE, TWO);
        Deployment deployed = Hosts.died(Hosts.apply(Deployment.NONE, plan), "client");
        String dot = Graphs.dot(Graphs.model(t, plan.placement(), deployed));

        assertTrue(dot.startsWith("graph \"protocol-handler\" {"), dot);
        assertTrue(dot.contains("subgraph \"cluster_tokyo\" {\n    label=\"tokyo\\nlocal\";"), dot);
        assertTrue(dot.contains("subgraph \"cluster_florida\" {\n    label=\"florida\\nhttp://10.0.0.2:8181\";"), dot);
        assertTrue(dot.contains("\"vm:content\" [shape=box, style=\"rounded,filled\", fillcolor=palegreen, "
                + "label=\"content\\numl, running\"];"), dot);
        assertTrue(dot.contains("fillcolor=lightsalmon, label=\"client\\numl, not running\""), dot);
        assertTrue(dot.contains("\"vm:client\" -- \"net:wan\" [label=\"10.1.0.30/24\"];"), dot);
        // one edge per pair of hosts, with the host link's shape
        assertTrue(dot.contains("\"switch:florida\" -- \"switch:tokyo\" [style=dashed, label=\"VXLAN 101 ms 2290 kbit/s\"];"), dot);
        assertTrue(!dot.contains("\"switch:tokyo\" -- \"switch:florida\""), dot);
    }

    @Test
    void theModelPutsAVmWhereItIsAndTheTunnelsOnceAPair() {
        Topology t = planner.read(Hosts.example("protocol-handler.mobi.yml"));
        Plan plan = planner.plan(t, Deployment.NONE, TWO);
        Deployment deployed = Hosts.died(Hosts.apply(Deployment.NONE, plan), "client");
        TopologyGraph g = Graphs.model(t, plan.placement(), deployed);

        assertEquals(List.of("tokyo", "florida"), g.hosts().stream().map(TopologyGraph.Host::name).toList());
        assertEquals("local", g.hosts().get(0).url());
        TopologyGraph.Vm client = g.vms().stream().filter(v -> v.name().equals("client")).findFirst().orElseThrow();
        assertEquals(plan.placement().get("client"), client.host());
        assertEquals(TopologyGraph.VmState.NOT_RUNNING, client.state());
        assertEquals("10.1.0.30/24", client.nics().get(0).address());
        assertEquals(1, g.tunnels().size());
        assertEquals("florida", g.tunnels().get(0).a());
        assertEquals(101, g.tunnels().get(0).shape().delayMillis());

        // a VM found on another host than planned is drawn where it is, once
        Map<String, String> elsewhere = new HashMap<>(plan.placement());
        elsewhere.put("client", "tokyo".equals(client.host()) ? "florida" : "tokyo");
        TopologyGraph moved = Graphs.model(t, elsewhere, deployed);
        assertEquals(List.of(client.host()), moved.vms().stream().filter(v -> v.name().equals("client")).map(TopologyGraph.Vm::host).toList());
    }

    @Test
    void aNodeNotDeployedYetIsDashedWithItsImpairmentOnItsEdge() {
        Topology t = planner.read("name: q\nnodes:\n  n: {nics: [{network: lan, impairment: {delayMillis: 5, lossPercent: 1}}]}\n"
                + "networks: {lan: {}}\n");
        String dot = Graphs.dot(Graphs.model(t, Map.of("n", "local"), Deployment.NONE));
        assertTrue(dot.contains("style=\"rounded,filled,dashed\", fillcolor=white, label=\"n\\numl, not deployed\""), dot);
        assertTrue(dot.contains("\"vm:n\" -- \"net:lan\" [label=\"5 ms 1.0% loss\"];"), dot);
    }
}
