package org.mobitopolo.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.topology.Problem;
import org.mobitopolo.api.topology.TopologyException;

class TopologyProblemsTest {
    private final DefaultTopologyPlanner planner = new DefaultTopologyPlanner();

    private List<Problem> problems(String yaml) {
        return assertThrows(TopologyException.class, () -> planner.read(yaml)).problems();
    }

    private static void assertHas(List<Problem> problems, int line, int column, String path, String message) {
        assertTrue(problems.stream().anyMatch(p -> p.line() == line && p.column() == column && p.path().equals(path)
                && p.message().contains(message)),
                "expected line " + line + ", column " + column + ": " + path + ": ..." + message + "... among\n"
                        + String.join("\n", problems.stream().map(Problem::toString).toList()));
    }

    @Test
    void listsEveryProblemAtOnceWithWhereItIs() {
        List<Problem> p = problems("""
                name: bad
                hosts:
                  a: local
                  b: ftp://x
                networks:
                  lan:
                    subnet: 10.0.0.0/24
                  odd:
                    subnet: 10.0.0.1/24
                  worse:
                    subnet: 300.0.0.0/8
                colour: blue
                nodes:
                  web:
                    hypervisor: xen
                    memoryMb: 8
                    host: c
                    nics:
                      - network: lann
                      - network: lan
                        mac: 02:00:00:00:00:01
                        address: 10.0.1.5/24
                        speed: fast
                    depends-on: [db, ghost]
                  db:
                    nics:
                      - network: lan
                        mac: 02:00:00:00:00:01
                        address: 10.0.0.7/24
                      - network: odd
                        mac: 02-00-00-00-00-02
                        impairment: {delayMillis: -1, lossPercent: 150, rateBitsPerSecond: fast}
                    depends-on: [web]
                  cache:
                    params: {ip: 10.0.0.7/24}
                    nics: [lan]
                  web:
                    memoryMb: 64
                host-links:
                  - hosts: [a, z]
                    impairment: {jitterMillis: 70000}
                """);
        assertHas(p, 4, 6, "hosts.b", "bad URL 'ftp://x'");
        assertHas(p, 9, 13, "networks.odd.subnet", "host bits set (the subnet is 10.0.0.0/24)");
        assertHas(p, 11, 13, "networks.worse.subnet", "bad CIDR '300.0.0.0/8'");
        assertHas(p, 12, 1, "colour", "unknown field 'colour'");
        assertHas(p, 15, 17, "nodes.web.hypervisor", "unknown hypervisor 'xen'");
        assertHas(p, 16, 15, "nodes.web.memoryMb", "out of range: 8 (16 to 65536 MiB)");
        assertHas(p, 17, 11, "nodes.web.host", "unknown host 'c' (hosts: a, b)");
        assertHas(p, 19, 18, "nodes.web.nics[0].network", "unknown network 'lann' (networks: lan, odd, worse)");
        assertHas(p, 22, 18, "nodes.web.nics[1].address", "outside network lan's subnet 10.0.0.0/24");
        assertHas(p, 23, 9, "nodes.web.nics[1].speed", "unknown field 'speed'");
        assertHas(p, 24, 22, "nodes.web.depends-on[1]", "unknown node 'ghost'");
        assertHas(p, 24, 5, "nodes.web.depends-on", "cycle in depends-on: web -> db -> web");
        assertHas(p, 28, 14, "nodes.db.nics[0].mac", "duplicate MAC 02:00:00:00:00:01 on network lan (also nodes.web.nics[1].mac)");
        assertHas(p, 31, 14, "nodes.db.nics[1].mac", "bad MAC '02-00-00-00-00-02'");
        assertHas(p, 32, 35, "nodes.db.nics[1].impairment.delayMillis", "out of range: -1 (0 to 60000 ms)");
        assertHas(p, 32, 52, "nodes.db.nics[1].impairment.lossPercent", "out of range: 150.0 (0 to 100 %)");
        assertHas(p, 32, 76, "nodes.db.nics[1].impairment.rateBitsPerSecond", "expected a whole number, got 'fast'");
        assertHas(p, 35, 18, "nodes.cache.params.ip", "duplicate address 10.0.0.7 on network lan (also nodes.db.nics[0].address)");
        assertHas(p, 37, 3, "nodes.web", "duplicate key 'web' (first at line 14)");
        assertHas(p, 40, 5, "host-links[0].hosts", "unknown host 'z'");
        assertHas(p, 41, 32, "host-links[0].impairment.jitterMillis", "out of range: 70000");
        assertEquals(21, p.size(), "one problem each, nothing twice:\n" + String.join("\n", p.stream().map(Problem::toString).toList()));
        for (int i = 1; i < p.size(); i++) {
            assertTrue(p.get(i - 1).line() <= p.get(i).line(), "in the file's order");
        }
    }

    @Test
    void theExceptionIsABadRequestListingEveryProblem() {
        TopologyException e = assertThrows(TopologyException.class, () -> planner.read("""
                nodes:
                  a: {hypervisor: kvm}
                """));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals("""
                2 problems in the topology:
                line 1, column 1: name: missing: every topology has a name
                line 2, column 19: nodes.a.hypervisor: unknown hypervisor 'kvm' (uml or qemu)""", e.getMessage());
    }

    @Test
    void malformedYamlNamesLineAndColumn() {
        List<Problem> p = problems("""
                name: broken
                nodes:
                  a: {memoryMb: 64
                  b: {}
                """);
        assertEquals(1, p.size());
        assertTrue(p.get(0).message().startsWith("malformed YAML: "), p.get(0).toString());
        assertEquals(4, p.get(0).line(), p.get(0).toString());
        assertTrue(p.get(0).column() > 0);
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        List<Problem> p = problems("{\"name\": \"j\",\n  \"nodes\": {\"a\": }}");
        assertEquals(1, p.size());
        assertEquals(2, p.get(0).line(), p.get(0).toString());
        assertEquals(18, p.get(0).column(), p.get(0).toString());
        assertTrue(p.get(0).message().startsWith("malformed JSON: "), p.get(0).toString());
    }

    @Test
    void anEmptyFileAndWrongShapesAreProblemsToo() {
        assertEquals("the file is empty", problems("# nothing\n").get(0).message());
        assertEquals("line 3, column 1: the file holds more than one document",
                problems("name: one\n---\nname: two\n").get(0).toString());
        List<Problem> p = problems("""
                name: Shapes
                nodes: [a, b]
                networks:
                  lan:
                    subnet: [10.0.0.0/24]
                """);
        assertHas(p, 1, 7, "name", "bad topology name 'Shapes'");
        assertHas(p, 2, 8, "nodes", "expected a mapping");
        assertHas(p, 5, 13, "networks.lan.subnet", "expected a single value");
    }

    @Test
    void networkServicesNeedASubnetTheyCanServeAndDhcpAddressesADhcpNetwork() {
        List<Problem> p = problems("""
                name: s
                networks:
                  a: {dhcp: true}
                  b: {subnet: 10.2.0.0/24, gateway: 10.3.0.1, router: 10.2.0.0, dns: Bad_Zone}
                  c: {subnet: 10.0.0.0/8, dhcp: true}
                  d: {subnet: 10.5.0.0/24}
                nodes:
                  n1: {nics: [{network: d, address: dhcp}]}
                  n2: {nics: [{network: c}, {network: d, address: dhcp}]}
                  n3: {nics: [{network: a, address: dhcp}]}
                """);
        assertHas(p, 3, 3, "networks.a", "dhcp, dns, gateway and router need the network's subnet");
        assertHas(p, 4, 37, "networks.b.gateway", "not a host address of 10.2.0.0/24");
        assertHas(p, 4, 55, "networks.b.router", "not a host address of 10.2.0.0/24");
        assertHas(p, 4, 70, "networks.b.dns", "bad zone 'Bad_Zone'");
        assertHas(p, 5, 15, "networks.c.subnet", "network services serve a /16 to /30, got /8");
        assertHas(p, 8, 37, "nodes.n1.nics[0].address", "address dhcp needs network d to serve DHCP");
        assertHas(p, 9, 51, "nodes.n2.nics[1].address", "only a node's first NIC takes its address by DHCP");
        assertEquals(7, p.size(), p.toString());
    }

    @Test
    void aNodeJoinsANetworkOnceAndItsAddressFitsIt() {
        List<Problem> p = problems("""
                name: t
                networks:
                  lan: {subnet: 10.0.0.0/24}
                  bare: {}
                nodes:
                  a:
                    params: {ip: 10.0.0.4/24, motd: hello world}
                    nics:
                      - {network: lan, address: 10.0.0.5/24}
                      - {network: lan}
                      - {network: bare, address: 10.9.0.1}
                  b:
                    nics:
                      - {network: lan, address: 10.0.0.255}
                      - {network: bare, address: 10.9.0.2/16, mac: 03:00:00:00:00:01}
                  c:
                    nics:
                      - {network: lan, address: 10.0.0.9/16}
                """);
        assertHas(p, 7, 37, "nodes.a.params.motd", "one word without spaces");
        assertHas(p, 9, 33, "nodes.a.nics[0].address", "conflicts with params.ip '10.0.0.4/24'");
        assertHas(p, 10, 19, "nodes.a.nics[1].network", "the node is on network 'lan' already");
        assertHas(p, 11, 34, "nodes.a.nics[2].address", "needs a prefix (e.g. /24), or network bare a subnet");
        assertHas(p, 14, 33, "nodes.b.nics[0].address", "the network or broadcast address of 10.0.0.0/24");
        assertHas(p, 15, 52, "nodes.b.nics[1].mac", "a multicast address");
        assertHas(p, 18, 33, "nodes.c.nics[0].address", "prefix /16 differs from network lan's subnet 10.0.0.0/24");
        assertEquals(7, p.size(), String.join("\n", p.stream().map(Problem::toString).toList()));
    }
}
