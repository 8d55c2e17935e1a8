package org.mobitopolo.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.net.LinkShape;
import org.mobitopolo.api.topology.HostLink;
import org.mobitopolo.api.topology.Topology;
import org.mobitopolo.api.topology.TopologyHost;
import org.mobitopolo.api.topology.TopologyNetwork;
import org.mobitopolo.api.topology.TopologyNode;

class TopologyReadTest {
    private final DefaultTopologyPlanner planner = new DefaultTopologyPlanner();

    @Test
    void readsTheDemoAsRunShMakesIt() {
        Topology t = planner.read(Hosts.example("demo.mobi.yml"));
        assertEquals("demo", t.name());
        assertEquals(List.of(new TopologyHost("local", "local")), t.hosts(), "no hosts: this one");
        assertEquals(List.of(new TopologyNetwork("demo", "10.0.0.0/24")), t.networks());
        assertEquals(List.of("demo-a", "demo-b", "demo-q"), t.nodes().stream().map(TopologyNode::name).toList());
        TopologyNode a = t.node("demo-a").orElseThrow();
        assertEquals("uml", a.hypervisor());
        assertEquals(64, a.memoryMb());
        assertEquals("02:00:00:00:0a:01", a.nics().get(0).mac());
        assertEquals("10.0.0.1/24", a.nics().get(0).address());
        assertTrue(a.placedAutomatically());
        assertEquals(Map.of("http", "80"), t.node("demo-b").orElseThrow().params(), "a YAML number is a parameter's text");
        TopologyNode q = t.node("demo-q").orElseThrow();
        assertEquals("qemu", q.hypervisor());
        assertEquals(128, q.memoryMb());
        assertEquals("52:54:00:00:0a:03", q.nics().get(0).mac());
        // What the VM is made of: run.sh's POST /vms bodies.
        var spec = Specs.vm(t.node("demo-b").orElseThrow());
        assertEquals(Map.of("http", "80", "ip", "10.0.0.2/24"), spec.params());
        assertEquals("demo", spec.nics().get(0).network());
    }

    @Test
    void readsTheProtocolHandlerOverTwoHosts() {
        Topology t = planner.read(Hosts.example("protocol-handler.mobi.yml"));
        assertEquals(List.of(new TopologyHost("tokyo", "local"), new TopologyHost("florida", "http://10.0.0.2:8181")), t.hosts());
        assertEquals(List.of("content", "proxy", "client"), t.nodes().stream().map(TopologyNode::name).toList());
        TopologyNode proxy = t.node("proxy").orElseThrow();
        assertEquals("tokyo", proxy.host());
        assertEquals(128, proxy.memoryMb(), "QEMU's default memory");
        assertEquals(List.of("content"), proxy.dependsOn());
        assertEquals(List.of(new HostLink("florida", "tokyo", new LinkShape(101, 0, 2_290_000, 0))), t.hostLinks());
        assertTrue(t.hostLinks().get(0).joins("tokyo", "florida"));
        for (TopologyNode n : t.nodes()) {
            assertTrue(n.nics().get(0).mac().matches("02(:[0-9a-f]{2}){5}"), "generated: " + n.nics().get(0).mac());
        }
    }

    @Test
    void acceptsJsonAndShortForms() {
        Topology t = planner.read("""
                {"name": "j", "networks": {"lan": null},
                 "nodes": {"a": {"nics": ["lan"], "depends-on": "b"}, "b": null}}
                """);
        TopologyNode a = t.node("a").orElseThrow();
        assertEquals("lan", a.nics().get(0).network());
        assertEquals(LinkShape.NONE, a.nics().get(0).impairment());
        assertEquals(List.of("b"), a.dependsOn());
        assertEquals(List.of(), t.node("b").orElseThrow().nics());
        assertEquals("", t.networks().get(0).subnet());
    }

    @Test
    void readsImpairmentsPerNic() {
        Topology t = planner.read("""
                name: shaped
                networks: {lan: {}}
                nodes:
                  a:
                    nics:
                      - network: lan
                        mac: 02:AA:00:00:00:01
                        impairment: {delayMillis: 50, jitterMillis: 5, rateBitsPerSecond: 1000000, lossPercent: 0.5}
                """);
        var nic = t.node("a").orElseThrow().nics().get(0);
        assertEquals(new LinkShape(50, 5, 1_000_000, 0.5), nic.impairment());
        assertEquals("02:aa:00:00:00:01", nic.mac(), "MACs in lower case, as the platform writes them");
    }
}
