package org.mobitopolo.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.net.LinkShape;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.topology.DeployedVm;
import org.mobitopolo.api.topology.RunState;
import org.mobitopolo.api.topology.StepKind;
import org.mobitopolo.api.topology.StepRun;
import org.mobitopolo.api.topology.StepState;
import org.mobitopolo.api.topology.TopologyRun;
import org.mobitopolo.api.topology.TopologySnapshot;

/** The journal's SQL on H2, the store's default database (ClusterIT runs it on PostgreSQL). */
class JournalTest {
    private Journal journal;

    @BeforeEach
    void freshDatabase() throws SQLException, IOException {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        StringBuilder sql = new StringBuilder();
        for (String migration : List.of("V1__journal.sql", "V2__longer_step_kinds.sql", "V3__topology_snapshots.sql")) {
            try (InputStream in = getClass().getResourceAsStream("/db/migration/controller/" + migration)) {
                sql.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append(";\n");
            }
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA controller");
            s.execute("SET SCHEMA controller"); // as the store runs a module's migrations: unqualified, in its schema
            for (String statement : sql.toString().replaceAll("(?m)^--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
        journal = new Journal(ds);
    }

    @Test
    void aDistributedSnapshotComesBackAsItWasKeptAndItsNameIsTakenUntilDeleted() {
        TopologySnapshot snap = new TopologySnapshot("monday", "shop", 42, "name: shop\n", Map.of("a", "local", "b", "http://b:8181"),
                Map.of("web", new TopologySnapshot.Node("a", "monday-web", "qemu", true, List.of("02:00:00:00:00:01")),
                        "db", new TopologySnapshot.Node("b", "monday-db", "uml", false, List.of())));
        journal.putSnapshot(snap);
        assertEquals(snap, journal.snapshot("monday").orElseThrow());
        assertEquals(List.of(snap), journal.snapshots());
        assertEquals(ErrorCode.CONFLICT, assertThrows(PlatformException.class, () -> journal.putSnapshot(snap)).code());
        journal.deleteSnapshot("monday");
        assertTrue(journal.snapshot("monday").isEmpty());
    }

    @Test
    void aNetworksServicesComeBackWithTheirHashAndGoWithTheNetwork() {
        journal.putNetwork("t", "a", "lan");
        journal.putServices("t", "a", "lan", "hash1");
        journal.putServices("t", "a", "lan", "hash2"); // replaced, not doubled
        assertEquals(Map.of("lan", "hash2"), journal.deployment("t").hosts().get("a").services());
        journal.remove("t", "a", "services", "lan");
        assertEquals(Map.of(), journal.deployment("t").hosts().get("a").services());
        assertEquals(Set.of("lan"), journal.deployment("t").hosts().get("a").networks());
    }

    @Test
    void whatExistsComesBackAsADeployment() {
        LinkShape delay = new LinkShape(30, 0, 0, 0);
        journal.putNetwork("t", "a", "lan");
        journal.putTunnel("t", "a", "b", "tunnel-1", delay);
        journal.putVm("t", "a", "web", "hash1", Map.of("lan", delay));
        journal.putVm("t", "a", "web", "hash2", Map.of()); // replaced, not doubled
        var a = journal.deployment("t").hosts().get("a");
        assertEquals(Set.of("lan"), a.networks());
        assertEquals(Map.of("b", delay), a.tunnels());
        assertEquals(Map.of("web", new DeployedVm("web", "hash2", true, Map.of())), a.vms());
        assertEquals("tunnel-1", journal.tunnel("t", "a", "b").orElseThrow().id());
        assertEquals(List.of("t"), journal.topologiesWith("a", "web"));
        journal.remove("t", "a", "vm", "web");
        journal.remove("t", "a", "network", "lan");
        journal.remove("t", "a", "tunnel", "b");
        assertTrue(journal.deployment("t").isEmpty());
    }

    @Test
    void oneRunHoldsATopologyAtATimeAndADeadRuntimesLeaseIsTakenOver() {
        journal.lease("t", "run-1", "rt-1", 1_000, 60_000);
        PlatformException refused = assertThrows(PlatformException.class, () -> journal.lease("t", "run-2", "rt-2", 2_000, 60_000));
        assertEquals(ErrorCode.CONFLICT, refused.code());
        assertTrue(refused.getMessage().contains("run run-1 of runtime rt-1"), refused.getMessage());
        journal.renew("t", "run-1", 50_000);
        assertThrows(PlatformException.class, () -> journal.lease("t", "run-2", "rt-2", 100_000, 60_000));
        journal.lease("t", "run-2", "rt-2", 120_000, 60_000); // 70 s without renewal: rt-1 is gone
        journal.release("t", "run-2");
        journal.lease("t", "run-3", "rt-1", 130_000, 60_000);
    }

    @Test
    void everyStepKindFitsTheJournal() {
        List<StepRun> steps = new ArrayList<>();
        for (StepKind k : StepKind.values()) {
            steps.add(new StepRun(1, k + " a x", "a", k, k.name(), StepState.PENDING, 0, ""));
        }
        journal.insertRun(new TopologyRun("r9", "t", TopologyRun.Action.DEPLOY, RunState.RUNNING, "", steps, 10, 0, ""), "rt-1");
        assertEquals(StepKind.values().length, journal.run("r9").orElseThrow().steps().size());
    }

    @Test
    void aRunsStepsAreJournaledAndWhatDidNotRunIsSkipped() {
        List<StepRun> steps = List.of(
                new StepRun(1, "CREATE_NETWORK a lan", "a", StepKind.CREATE_NETWORK, "create network lan on a", StepState.PENDING, 0, ""),
                new StepRun(2, "CREATE_VM a web", "a", StepKind.CREATE_VM, "create and start VM web", StepState.PENDING, 0, ""),
                new StepRun(3, "START_VM a db", "a", StepKind.START_VM, "start VM db", StepState.PENDING, 0, ""));
        journal.insertRun(new TopologyRun("r1", "t", TopologyRun.Action.DEPLOY, RunState.RUNNING, "3 steps", steps, 10, 0, ""), "rt-1");
        journal.updateStep("r1", 0, StepState.DONE, 5, "");
        journal.updateStep("r1", 1, StepState.FAILED, 7, "no such image");
        journal.finishRun("r1", RunState.FAILED, 20, "step failed: create and start VM web: no such image");

        TopologyRun r = journal.run("r1").orElseThrow();
        assertEquals(RunState.FAILED, r.state());
        assertEquals(List.of(StepState.DONE, StepState.FAILED, StepState.SKIPPED), r.steps().stream().map(StepRun::state).toList());
        assertEquals("no such image", r.steps().get(1).error());
        assertEquals(r, journal.lastRun("t").orElseThrow());
    }

    @Test
    void aRuntimeThatRestartsFailsTheRunsItLeftAndFreesTheirTopologies() {
        journal.insertRun(new TopologyRun("r1", "t", TopologyRun.Action.DEPLOY, RunState.RUNNING, "", List.of(), 10, 0, ""), "rt-1");
        journal.lease("t", "r1", "rt-1", 10, 60_000);
        journal.insertRun(new TopologyRun("r2", "u", TopologyRun.Action.DEPLOY, RunState.RUNNING, "", List.of(), 10, 0, ""), "rt-2");

        assertEquals(1, journal.failAbandoned("rt-1", 20));
        assertEquals(RunState.FAILED, journal.run("r1").orElseThrow().state());
        assertTrue(journal.run("r1").orElseThrow().error().contains("deploy again"));
        assertEquals(RunState.RUNNING, journal.run("r2").orElseThrow().state(), "another runtime's run goes on");
        journal.lease("t", "r3", "rt-1", 30, 60_000);
    }

    @Test
    void aTopologysFileAndPlacementAreKept() {
        journal.putApplied(new Journal.Applied("t", "name: t\n", Map.of("web", "a"), Map.of("a", "local"), "rt-1"), 1);
        journal.updatePlacement("t", Map.of("web", "b"));
        Journal.Applied a = journal.applied("t").orElseThrow();
        assertEquals(Map.of("web", "b"), a.placement());
        assertEquals("rt-1", a.localOwner());
        assertEquals(List.of("t"), journal.names());
        journal.forget("t");
        assertTrue(journal.applied("t").isEmpty());
    }
}
