package org.mobitopolo.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.topology.Deployment;
import org.mobitopolo.api.topology.HostCapacity;
import org.mobitopolo.api.topology.Plan;
import org.mobitopolo.api.topology.Problem;
import org.mobitopolo.api.topology.TopologyException;

/** A file's {@code images}: built on the hosts that make VMs from them, before those VMs. */
class ImagesPlanTest {
    private final DefaultTopologyPlanner planner = new DefaultTopologyPlanner();
    private static final List<HostCapacity> TWO = List.of(Hosts.both("a", 8000), Hosts.both("b", 8000));
    private static final String FILE = """
            name: lab
            hosts: {a: local, b: 'http://10.0.0.2:8181'}
            images:
              squid-lab: {packages: [squid, curl]}
            nodes:
              proxy: {host: a, image: squid-lab}
              cache: {host: a, image: squid-lab}
              edge: {host: b, image: squid-lab, hypervisor: qemu}
              plain: {host: b}
            """;

    @Test
    void anImageIsBuiltOnceOnTheFirstHostThatNeedsItAndFetchedFromThereByTheOthersBeforeTheirVms() {
        Plan p = planner.plan(planner.read(FILE), Deployment.NONE, TWO);
        assertEquals(List.of(
                "1 BUILD_IMAGE a squid-lab",
                "2 FETCH_IMAGE b squid-lab a",
                "3 BUILD_IMAGE b squid-lab",
                "4 CREATE_VM a cache",
                "4 CREATE_VM a proxy",
                "4 CREATE_VM b edge",
                "4 CREATE_VM b plain"), Hosts.keys(p));
        assertEquals("build image squid-lab on a from squid, curl (or reuse one built from them)", p.steps().get(0).detail());
        assertEquals("fetch image squid-lab on b from a (unless it is there)", p.steps().get(1).detail());
    }

    @Test
    void theSameFileBuildsNothingAgainAndOtherPackagesMakeItsVmsAnew() {
        Deployment d = Hosts.apply(Deployment.NONE, planner.plan(planner.read(FILE), Deployment.NONE, TWO));
        assertTrue(planner.plan(planner.read(FILE), d, TWO).noChanges());
        assertTrue(planner.plan(planner.read(FILE.replace("[squid, curl]", "[curl, squid, curl]")), d, TWO).noChanges(),
                "the same packages in another order are the same image");
        Plan other = planner.plan(planner.read(FILE.replace("[squid, curl]", "[squid, curl, iperf3]")), d, TWO);
        assertEquals(List.of(
                "1 BUILD_IMAGE a squid-lab",
                "2 FETCH_IMAGE b squid-lab a",
                "3 BUILD_IMAGE b squid-lab",
                "4 DELETE_VM a cache",
                "4 DELETE_VM a proxy",
                "4 DELETE_VM b edge",
                "5 CREATE_VM a cache",
                "5 CREATE_VM a proxy",
                "5 CREATE_VM b edge"), Hosts.keys(other));
    }

    @Test
    void theProtocolHandlerExperimentsTopologyBuildsItsImageFirstAndConfiguresTwoNicsPerNode() {
        var t = planner.read(Hosts.example("protocol-handler/protocol-handler.mobi.yml"));
        Plan p = planner.plan(t, Deployment.NONE, List.of(Hosts.both("local", 8000)));
        assertEquals(List.of("BUILD_IMAGE local ph-guest"),
                p.steps().stream().filter(s -> s.wave() == 1).map(s -> s.key()).toList());
        var proxy = p.steps().stream().filter(s -> s.target().equals("proxy") && s.vm() != null).findFirst().orElseThrow().vm();
        assertEquals("10.1.1.20/24", proxy.params().get("ip"));
        assertEquals("10.1.2.20/24", proxy.params().get("ip1"), "the second NIC's address, for the init to configure");
    }

    @Test
    void badImagesAreRefusedWithEveryProblem() {
        List<Problem> p = assertThrows(TopologyException.class, () -> planner.read("""
                name: lab
                images:
                  Squid_Lab: {packages: [squid]}
                  empty: {packages: []}
                  odd: {packages: ['Squid!'], sizeMb: 10, flavour: big}
                  none: {}
                """)).problems();
        assertEquals(List.of(
                "line 3, column 3: images.Squid_Lab: bad image name 'Squid_Lab': 1-32 lower-case letters, digits or dashes",
                "line 4, column 11: images.empty.packages: an image is built from one package at least",
                "line 5, column 20: images.odd.packages[0]: bad Debian package name 'Squid!'",
                "line 5, column 39: images.odd.sizeMb: an image takes 64 MiB at least (or 0: as big as its files need)",
                "line 5, column 43: images.odd.flavour: unknown field 'flavour' (known here: packages, sizeMb)",
                "line 6, column 3: images.none: missing: packages, the Debian packages the image is built from"),
                p.stream().map(Problem::toString).toList());
    }
}
