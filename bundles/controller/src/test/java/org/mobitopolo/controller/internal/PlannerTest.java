package org.mobitopolo.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.net.LinkShape;
import org.mobitopolo.api.topology.Deployment;
import org.mobitopolo.api.topology.HostCapacity;
import org.mobitopolo.api.topology.Plan;
import org.mobitopolo.api.topology.Step;
import org.mobitopolo.api.topology.StepKind;
import org.mobitopolo.api.topology.Topology;

class PlannerTest {
    private final DefaultTopologyPlanner planner = new DefaultTopologyPlanner();
    private static final List<HostCapacity> LOCAL = List.of(Hosts.both("local", 8000));
    private static final List<HostCapacity> TWO = List.of(Hosts.both("tokyo", 8000), Hosts.both("florida", 8000));

    private Plan plan(String file, Deployment current, List<HostCapacity> hosts) {
        return planner.plan(planner.read(file), current, hosts);
    }

    /** Deploys a file from nothing, as an executor that did every step would leave it. */
    private Deployment deployed(String file, List<HostCapacity> hosts) {
        return Hosts.apply(Deployment.NONE, plan(file, Deployment.NONE, hosts));
    }

    @Test
    void aFreshDeployOfTheDemo() {
        Plan p = plan(Hosts.example("demo.mobi.yml"), Deployment.NONE, LOCAL);
        assertEquals(List.of(
                "1 CREATE_NETWORK local demo",
                "2 CREATE_VM local demo-a",
                "2 CREATE_VM local demo-b",
                "2 CREATE_VM local demo-q"), Hosts.keys(p));
        assertEquals("4 steps in 2 waves on 1 host: 1 create-network, 3 create-vm", p.summary());
        Step q = p.steps().get(3);
        assertEquals("create and start VM demo-q (qemu, 128 MiB) on local", q.detail());
        assertEquals(128, q.vm().memoryMb());
        assertEquals(Specs.hash(q.vm()), q.specHash());
        assertEquals(2, p.parallelism("local"), "the host's cores");
    }

    @Test
    void aFreshDeployOverTwoHostsOpensTunnelsBothWaysAndFollowsDependsOn() {
        Plan p = plan(Hosts.example("protocol-handler.mobi.yml"), Deployment.NONE, TWO);
        assertEquals(List.of(
                "1 CREATE_NETWORK florida wan",
                "1 CREATE_NETWORK tokyo wan",
                "2 OPEN_TUNNEL florida tokyo tokyo",
                "2 OPEN_TUNNEL tokyo florida florida",
                "3 SHAPE_TUNNEL florida tokyo tokyo",
                "3 SHAPE_TUNNEL tokyo florida florida",
                "4 CREATE_VM tokyo content",
                "5 CREATE_VM tokyo proxy",
                "6 CREATE_VM florida client"), Hosts.keys(p));
        assertEquals(new LinkShape(101, 0, 2_290_000, 0), p.steps().get(4).shape());
        assertEquals("shape tunnel florida -> tokyo: delay 101 ms, rate 2290000 bit/s", p.steps().get(4).detail());
        assertEquals(5, p.waves().get(4).get(0).wave());
    }

    @Test
    void aNetworksServicesRunOnTheFirstHostWithANodeOnItAndChangeWithTheFile() {
        String file = """
                name: sites
                hosts: {tokyo: "http://t:8181", florida: "http://f:8181"}
                networks:
                  site-a: {subnet: 10.1.0.0/24, dhcp: true, dns: site-a.mobi}
                nodes:
                  a1: {host: florida, nics: [{network: site-a, address: dhcp}]}
                  a2: {host: tokyo, nics: [{network: site-a, address: dhcp}]}
                """;
        Plan p = plan(file, Deployment.NONE, TWO);
        List<String> keys = Hosts.keys(p);
        assertTrue(keys.contains("2 CONFIGURE_SERVICES tokyo site-a"), keys.toString()); // tokyo comes first in the file
        assertTrue(keys.stream().noneMatch(k -> k.contains("CONFIGURE_SERVICES florida")), keys.toString());
        Step serve = p.steps().stream().filter(s -> s.kind() == StepKind.CONFIGURE_SERVICES).findFirst().orElseThrow();
        assertEquals("serve 10.1.0.0/24, DHCP, DNS site-a.mobi on network site-a on tokyo", serve.detail());
        assertTrue(p.steps().stream().filter(s -> s.kind() == StepKind.CREATE_VM).allMatch(s -> s.wave() > serve.wave()),
                "the VMs boot once DHCP answers");
        assertEquals("dhcp", p.steps().stream().filter(s -> s.kind() == StepKind.CREATE_VM).findFirst().orElseThrow().vm().params()
                .get("ip"));

        Deployment d = Hosts.apply(Deployment.NONE, p);
        assertTrue(plan(file, d, TWO).noChanges());
        assertEquals(List.of("1 CONFIGURE_SERVICES tokyo site-a"),
                Hosts.keys(plan(file.replace("dns: site-a.mobi", "dns: a.mobi"), d, TWO)), "a changed zone: configured again");
        String withoutServices = file.replace(", dhcp: true, dns: site-a.mobi", "")
                .replace("a1: {host: florida, nics: [{network: site-a, address: dhcp}]}", "a1: {host: florida, nics: [{network: site-a}]}")
                .replace("a2: {host: tokyo, nics: [{network: site-a, address: dhcp}]}", "a2: {host: tokyo, nics: [{network: site-a}]}");
        assertEquals(List.of("REMOVE_SERVICES tokyo site-a"), plan(withoutServices, d, TWO).steps().stream()
                .filter(s -> s.kind() == StepKind.REMOVE_SERVICES || s.kind() == StepKind.CONFIGURE_SERVICES).map(Step::key).toList());
    }

    @Test
    void theSameFileAgainChangesNothing() {
        for (String example : List.of("demo.mobi.yml", "protocol-handler.mobi.yml", "named.mobi.yml")) {
            List<HostCapacity> hosts = example.startsWith("protocol") ? TWO : LOCAL;
            Deployment d = deployed(Hosts.example(example), hosts);
            Plan again = plan(Hosts.example(example), d, hosts);
            assertTrue(again.noChanges(), example + ": " + Hosts.keys(again));
            assertEquals("no changes", again.summary());
        }
    }

    @Test
    void aNodeAddedIsAllThatIsDone() {
        String demo = Hosts.example("demo.mobi.yml");
        Deployment d = deployed(demo, LOCAL);
        Plan p = plan(demo + """
                  demo-c:
                    depends-on: [demo-b]
                    nics:
                      - network: demo
                        address: 10.0.0.4/24
                """, d, LOCAL);
        assertEquals(List.of("1 CREATE_VM local demo-c"), Hosts.keys(p), "demo-b runs already: no wave waits for it");
    }

    @Test
    void aNodeRemovedGoesWithTheNetworkAndTunnelsOnlyItNeeded() {
        String file = Hosts.example("protocol-handler.mobi.yml");
        Deployment d = deployed(file, TWO);
        String withoutClient = file.substring(0, file.indexOf("  client:")) + file.substring(file.indexOf("host-links:"));
        Plan p = plan(withoutClient, d, TWO);
        assertEquals(List.of(
                "1 DELETE_VM florida client",
                "2 CLOSE_TUNNEL florida tokyo tokyo",
                "2 CLOSE_TUNNEL tokyo florida florida",
                "3 DELETE_NETWORK florida wan"), Hosts.keys(p));
        assertTrue(plan(withoutClient, Hosts.apply(d, p), TWO).noChanges());
    }

    @Test
    void aNodeWhoseSpecChangedIsMadeAnewInPlace() {
        String demo = Hosts.example("demo.mobi.yml");
        Deployment d = deployed(demo, LOCAL);
        Plan p = plan(demo.replace("      http: 80", "      http: 8080"), d, LOCAL);
        assertEquals(List.of("1 DELETE_VM local demo-b", "2 CREATE_VM local demo-b"), Hosts.keys(p));
        assertEquals("delete VM demo-b on local (its spec changed: it is made anew)", p.steps().get(0).detail());
        assertEquals("8080", p.steps().get(1).vm().params().get("http"));
    }

    @Test
    void anImpairmentChangedIsChangedLive() {
        String demo = Hosts.example("demo.mobi.yml");
        String shaped = demo.replace("        address: 10.0.0.1/24\n",
                "        address: 10.0.0.1/24\n        impairment: {delayMillis: 50}\n");
        Deployment d = deployed(shaped, LOCAL);
        Plan p = plan(shaped.replace("delayMillis: 50", "delayMillis: 80"), d, LOCAL);
        assertEquals(List.of("1 SHAPE_PORT local demo-a demo"), Hosts.keys(p), "no VM touched");
        assertEquals(new LinkShape(80, 0, 0, 0), p.steps().get(0).shape());
        Plan lifted = plan(demo, d, LOCAL);
        assertEquals(LinkShape.NONE, lifted.steps().get(0).shape(), "gone from the file: lifted");

        String twoHosts = Hosts.example("protocol-handler.mobi.yml");
        Plan slower = plan(twoHosts.replace("delayMillis: 101", "delayMillis: 150"), deployed(twoHosts, TWO), TWO);
        assertEquals(List.of("1 SHAPE_TUNNEL florida tokyo tokyo", "1 SHAPE_TUNNEL tokyo florida florida"), Hosts.keys(slower));
    }

    @Test
    void aNodeWhoseHostChangedIsMigratedAfterItsNetworkAndTunnelsAreReady() {
        String file = """
                name: move
                hosts: {a: local, b: 'http://127.0.0.2:8181', c: 'http://127.0.0.3:8181'}
                networks: {lan: {}, back: {}}
                nodes:
                  q: {hypervisor: qemu, host: a, nics: [{network: lan, impairment: {delayMillis: 5}}, back]}
                  u: {host: a, nics: [back]}
                  peer: {host: c, nics: [lan]}
                """;
        List<HostCapacity> hosts = List.of(Hosts.both("a", 4000), Hosts.both("b", 4000), Hosts.both("c", 4000));
        Deployment d = deployed(file, hosts);
        Plan p = plan(file.replace("q: {hypervisor: qemu, host: a,", "q: {hypervisor: qemu, host: b,")
                .replace("u: {host: a,", "u: {host: b,"), d, hosts);
        assertEquals(List.of(
                "1 CREATE_NETWORK b back",
                "1 CREATE_NETWORK b lan",
                "2 OPEN_TUNNEL b c c",
                "2 OPEN_TUNNEL c b b",
                "3 MIGRATE_VM a q b",
                "3 MIGRATE_VM a u b",
                "4 SHAPE_PORT b q lan",
                "5 CLOSE_TUNNEL a c c",
                "5 CLOSE_TUNNEL c a a",
                "6 DELETE_NETWORK a back",
                "6 DELETE_NETWORK a lan"), Hosts.keys(p));
        Step q = p.steps().get(4);
        assertEquals("move VM q from a to b (live)", q.detail());
        assertNotNull(q.vm());
        assertEquals("move VM u from a to b (by restart: UML cannot move live)", p.steps().get(5).detail());
        Deployment after = Hosts.apply(d, p);
        assertTrue(plan(file.replace("host: a,", "host: b,"), after, hosts).noChanges());
    }

    @Test
    void tunnelsOnlyBetweenHostsThatShareANetwork() {
        String file = """
                name: chain
                hosts: {a: local, b: 'http://127.0.0.2:8181', c: 'http://127.0.0.3:8181'}
                networks: {left: {}, right: {}}
                nodes:
                  x: {host: a, nics: [left]}
                  y: {host: b, nics: [left, right]}
                  z: {host: c, nics: [right]}
                """;
        Plan p = plan(file, Deployment.NONE, List.of(Hosts.both("a", 1000), Hosts.both("b", 1000), Hosts.both("c", 1000)));
        assertEquals(List.of("a b", "b a", "b c", "c b"), p.steps().stream().filter(s -> s.kind() == StepKind.OPEN_TUNNEL)
                .map(s -> s.host() + " " + s.peer()).toList(), "none between a and c");
    }

    @Test
    void aVmThatDiedIsStartedAgainAndAHalfDoneMoveIsCleanedUp() {
        String demo = Hosts.example("demo.mobi.yml");
        Deployment d = Hosts.died(deployed(demo, LOCAL), "demo-b");
        assertEquals(List.of("1 START_VM local demo-b"), Hosts.keys(plan(demo, d, LOCAL)));

        Topology t = planner.read(Hosts.example("protocol-handler.mobi.yml"));
        Deployment two = Hosts.apply(Deployment.NONE, planner.plan(t, Deployment.NONE, TWO));
        // A journal that recorded the proxy's move to florida begun, its copy there not cleaned up.
        Plan copy = planner.plan(t, Hosts.apply(two, new Plan("x", List.of(new Step(1, "florida", StepKind.CREATE_VM, "proxy", "",
                Specs.vm(t.node("proxy").orElseThrow()), "stale", null, "a copy")), java.util.Map.of(), java.util.Map.of())), TWO);
        assertEquals(List.of("1 DELETE_VM florida proxy"), Hosts.keys(copy));

        // The file now puts the proxy on florida, where a stopped copy of it is: the running one moves, the copy goes.
        Topology moved = planner.read(Hosts.example("protocol-handler.mobi.yml").replace(
                "    hypervisor: qemu\n    host: tokyo", "    hypervisor: qemu\n    host: florida"));
        Step stale = new Step(1, "florida", StepKind.CREATE_VM, "proxy", "", Specs.vm(moved.node("proxy").orElseThrow()),
                Specs.hash(Specs.vm(moved.node("proxy").orElseThrow())), null, "a copy");
        Plan p = planner.plan(moved, Hosts.died(Hosts.apply(two, new Plan("x", List.of(stale), java.util.Map.of(),
                java.util.Map.of())), "proxy", "florida"), TWO);
        assertTrue(Hosts.keys(p).contains("1 DELETE_VM florida proxy"), Hosts.keys(p).toString());
        assertTrue(Hosts.keys(p).contains("2 MIGRATE_VM tokyo proxy florida"), Hosts.keys(p).toString());
    }

    @Test
    void destroyRemovesEverythingInReverseOrder() {
        Topology t = planner.read(Hosts.example("protocol-handler.mobi.yml"));
        Deployment d = Hosts.apply(Deployment.NONE, planner.plan(t, Deployment.NONE, TWO));
        Plan p = planner.destroy(d, t);
        assertEquals(List.of(
                "1 DELETE_VM florida client",
                "2 DELETE_VM tokyo proxy",
                "3 DELETE_VM tokyo content",
                "4 CLOSE_TUNNEL florida tokyo tokyo",
                "4 CLOSE_TUNNEL tokyo florida florida",
                "5 DELETE_NETWORK florida wan",
                "5 DELETE_NETWORK tokyo wan"), Hosts.keys(p));
        assertTrue(Hosts.apply(d, p).isEmpty());
        assertEquals("protocol-handler", p.topology());
        assertEquals(3, planner.destroy(d, null).waves().size(), "without the topology: all VMs in one wave");
        assertTrue(planner.destroy(Deployment.NONE, t).noChanges());
    }
}
