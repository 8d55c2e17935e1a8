package org.mobitopolo.controller.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.mobitopolo.api.net.LinkShape;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.store.Sql;
import org.mobitopolo.api.topology.DeployedHost;
import org.mobitopolo.api.topology.DeployedVm;
import org.mobitopolo.api.topology.Deployment;
import org.mobitopolo.api.topology.RunState;
import org.mobitopolo.api.topology.StepKind;
import org.mobitopolo.api.topology.StepRun;
import org.mobitopolo.api.topology.StepState;
import org.mobitopolo.api.topology.TopologyRun;
import org.mobitopolo.api.topology.TopologySnapshot;

/** The controller's tables in the platform's store (see {@code V1__journal.sql}). */
final class Journal {
    /**
     * A topology's row: the file last applied, where its nodes went, its hosts' URLs by name, and the
     * runtime (store instance) its host {@code local} is, empty when it has none.
     */
    record Applied(String name, String source, Map<String, String> placement, Map<String, String> hosts, String localOwner) {}

    /** A tunnel as journaled: its id on its host and its shape. */
    record Tunnel(String id, LinkShape shape) {}

    // records write derived properties too (LinkShape's none), which reading ignores
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final String RUN_COLUMNS = "id, topology, action, state, summary, started_at, finished_at, error";
    private static final String STEP_COLUMNS = "wave, step_key, host, kind, detail, state, millis, error";

    private final Sql db;

    Journal(DataSource dataSource) {
        this.db = new Sql(dataSource);
    }

    // topologies

    void putApplied(Applied a, long now) {
        db.update("forget a topology's file", "DELETE FROM controller.topologies WHERE name = ?", a.name());
        db.update("keep a topology's file", "INSERT INTO controller.topologies (name, source, placement, hosts, local_owner, "
                + "updated_at) VALUES (?, ?, ?, ?, ?, ?)", a.name(), a.source(), write(a.placement()), write(a.hosts()),
                a.localOwner(), now);
    }

    Optional<Applied> applied(String name) {
        TypeReference<Map<String, String>> names = new TypeReference<>() { };
        return db.query("read a topology", rs -> new Applied(rs.getString(1), rs.getString(2), read(rs.getString(3), names),
                read(rs.getString(4), names), rs.getString(5)),
                "SELECT name, source, placement, hosts, local_owner FROM controller.topologies WHERE name = ?", name)
                .stream().findFirst();
    }

    void updatePlacement(String name, Map<String, String> placement) {
        db.update("record where a topology's node is", "UPDATE controller.topologies SET placement = ? WHERE name = ?",
                write(placement), name);
    }

    /** The topologies that have the VM on the host, by name. */
    List<String> topologiesWith(String host, String vm) {
        return db.query("find a VM's topology", rs -> rs.getString(1),
                "SELECT topology FROM controller.resources WHERE host = ? AND kind = 'vm' AND name = ?", host, vm);
    }

    List<String> names() {
        return db.query("list topologies", rs -> rs.getString(1), "SELECT name FROM controller.topologies ORDER BY name");
    }

    /** Forgets the topology once nothing of it is left anywhere; its runs stay. */
    void forget(String name) {
        db.update("forget a topology", "DELETE FROM controller.topologies WHERE name = ?", name);
    }

    // resources

    /** What the journal says exists of the topology. */
    Deployment deployment(String topology) {
        Map<String, Set<String>> networks = new TreeMap<>();
        Map<String, Map<String, LinkShape>> tunnels = new TreeMap<>();
        Map<String, Map<String, DeployedVm>> vms = new TreeMap<>();
        Map<String, Map<String, String>> services = new TreeMap<>();
        db.query("read a topology's resources", rs -> {
            String host = rs.getString(1);
            String kind = rs.getString(2);
            String name = rs.getString(3);
            String shape = rs.getString(5);
            networks.computeIfAbsent(host, h -> new HashSet<>());
            tunnels.computeIfAbsent(host, h -> new HashMap<>());
            vms.computeIfAbsent(host, h -> new HashMap<>());
            services.computeIfAbsent(host, h -> new HashMap<>());
            switch (kind) {
                case "network" -> networks.get(host).add(name);
                case "services" -> services.get(host).put(name, rs.getString(4));
                case "tunnel" -> tunnels.get(host).put(name, read(shape, new TypeReference<LinkShape>() { }));
                default -> vms.get(host).put(name, new DeployedVm(name, rs.getString(4), true,
                        read(shape, new TypeReference<Map<String, LinkShape>>() { })));
            }
            return null;
        }, "SELECT host, kind, name, spec_hash, shape FROM controller.resources WHERE topology = ?", topology);
        Map<String, DeployedHost> hosts = new HashMap<>();
        networks.keySet().forEach(h -> hosts.put(h, new DeployedHost(h, networks.get(h), tunnels.get(h), vms.get(h), services.get(h))));
        return new Deployment(hosts);
    }

    /** The tunnel's id on its host and its shape, as journaled. */
    Optional<Tunnel> tunnel(String topology, String host, String peer) {
        return db.query("read a tunnel", rs -> new Tunnel(rs.getString(1), read(rs.getString(2), new TypeReference<LinkShape>() { })),
                "SELECT ref, shape FROM controller.resources WHERE topology = ? AND host = ? AND kind = 'tunnel' AND name = ?",
                topology, host, peer).stream().findFirst();
    }

    void putNetwork(String topology, String host, String network) {
        put(topology, host, "network", network, "", "", "{}");
    }

    /** A network's services as configured on a host, by the hash of their settings. */
    void putServices(String topology, String host, String network, String hash) {
        put(topology, host, "services", network, "", hash, "{}");
    }

    void putTunnel(String topology, String host, String peer, String id, LinkShape shape) {
        put(topology, host, "tunnel", peer, id, "", write(shape));
    }

    void putVm(String topology, String host, String vm, String specHash, Map<String, LinkShape> impairments) {
        put(topology, host, "vm", vm, "", specHash, write(impairments));
    }

    void remove(String topology, String host, String kind, String name) {
        db.update("forget a resource", "DELETE FROM controller.resources WHERE topology = ? AND host = ? AND kind = ? AND name = ?",
                topology, host, kind, name);
    }

    private void put(String topology, String host, String kind, String name, String ref, String specHash, String shape) {
        // delete then insert: one statement that upserts reads differently on H2 and PostgreSQL
        remove(topology, host, kind, name);
        db.update("journal a resource", "INSERT INTO controller.resources (topology, host, kind, name, ref, spec_hash, shape) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", topology, host, kind, name, ref, specHash, shape);
    }

    // runs

    void insertRun(TopologyRun run, String owner) {
        db.update("journal a run", "INSERT INTO controller.runs (" + RUN_COLUMNS + ", owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                run.id(), run.topology(), run.action().name(), run.state().name(), run.summary(), run.startedMillis(),
                run.finishedMillis(), run.error(), owner);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < run.steps().size(); i++) {
            StepRun s = run.steps().get(i);
            rows.add(new Object[] {run.id(), i, s.wave(), s.key(), s.host(), s.kind().name(), s.detail(), s.state().name(),
                s.millis(), s.error()});
        }
        db.batch("journal a run's steps", "INSERT INTO controller.run_steps (run_id, seq, " + STEP_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
    }

    void updateStep(String runId, int seq, StepState state, long millis, String error) {
        db.update("journal a step", "UPDATE controller.run_steps SET state = ?, millis = ?, error = ? WHERE run_id = ? AND seq = ?",
                state.name(), millis, error, runId, seq);
    }

    void finishRun(String runId, RunState state, long finished, String error) {
        db.update("journal a run's end", "UPDATE controller.runs SET state = ?, finished_at = ?, error = ? WHERE id = ?",
                state.name(), finished, error, runId);
        db.update("journal a run's end", "UPDATE controller.run_steps SET state = ? WHERE run_id = ? AND state IN (?, ?)",
                StepState.SKIPPED.name(), runId, StepState.PENDING.name(), StepState.RUNNING.name());
    }

    /** Marks the runs this runtime left going when it stopped as failed, and frees their topologies. */
    int failAbandoned(String owner, long now) {
        db.update("release a stopped runtime's leases", "DELETE FROM controller.leases WHERE owner = ?", owner);
        List<String> ids = db.query("read runs", rs -> rs.getString(1),
                "SELECT id FROM controller.runs WHERE owner = ? AND state = ?", owner, RunState.RUNNING.name());
        ids.forEach(id -> finishRun(id, RunState.FAILED, now, "the runtime stopped while this run went on; deploy again to go on"));
        return ids.size();
    }

    Optional<TopologyRun> lastRun(String topology) {
        return db.query("read runs", rs -> rs.getString(1),
                "SELECT id FROM controller.runs WHERE topology = ? ORDER BY started_at DESC", topology).stream().findFirst()
                .flatMap(this::run);
    }

    Optional<TopologyRun> run(String id) {
        List<StepRun> steps = db.query("read a run's steps", rs -> new StepRun(rs.getInt(1), rs.getString(2), rs.getString(3),
                StepKind.valueOf(rs.getString(4)), rs.getString(5), StepState.valueOf(rs.getString(6)), rs.getLong(7),
                rs.getString(8)), "SELECT " + STEP_COLUMNS + " FROM controller.run_steps WHERE run_id = ? ORDER BY seq", id);
        return db.query("read a run", rs -> new TopologyRun(rs.getString(1), rs.getString(2),
                TopologyRun.Action.valueOf(rs.getString(3)), RunState.valueOf(rs.getString(4)), rs.getString(5), steps,
                rs.getLong(6), rs.getLong(7), rs.getString(8)),
                "SELECT " + RUN_COLUMNS + " FROM controller.runs WHERE id = ?", id).stream().findFirst();
    }

    // distributed snapshots

    /** Keeps a distributed snapshot; fails with {@code CONFLICT} when its name is taken. */
    void putSnapshot(TopologySnapshot s) {
        if (snapshot(s.name()).isPresent()) {
            throw new PlatformException(ErrorCode.CONFLICT, "a distributed snapshot named " + s.name() + " exists already");
        }
        db.update("keep a distributed snapshot", "INSERT INTO controller.topology_snapshots (name, topology, created_at, source, "
                + "hosts, nodes) VALUES (?, ?, ?, ?, ?, ?)", s.name(), s.topology(), s.createdAtMillis(), s.source(),
                write(s.hosts()), write(s.nodes()));
    }

    Optional<TopologySnapshot> snapshot(String name) {
        return snapshots("WHERE name = ?", name).stream().findFirst();
    }

    List<TopologySnapshot> snapshots() {
        return snapshots("ORDER BY name");
    }

    void deleteSnapshot(String name) {
        db.update("delete a distributed snapshot", "DELETE FROM controller.topology_snapshots WHERE name = ?", name);
    }

    private List<TopologySnapshot> snapshots(String where, Object... args) {
        return db.query("read distributed snapshots", rs -> new TopologySnapshot(rs.getString(1), rs.getString(2), rs.getLong(3),
                rs.getString(4), read(rs.getString(5), new TypeReference<Map<String, String>>() { }),
                read(rs.getString(6), new TypeReference<Map<String, TopologySnapshot.Node>>() { })),
                "SELECT name, topology, created_at, source, hosts, nodes FROM controller.topology_snapshots " + where, args);
    }

    // leases

    /**
     * Takes the topology for this run, unless a live run of another holds it.
     *
     * @param staleMillis how long a lease may go unrenewed before it counts as a dead runtime's
     */
    void lease(String topology, String runId, String owner, long now, long staleMillis) {
        db.update("take over a dead runtime's lease", "DELETE FROM controller.leases WHERE topology = ? AND renewed_at < ?",
                topology, now - staleMillis);
        try {
            db.update("lease a topology", "INSERT INTO controller.leases (topology, run_id, owner, renewed_at) VALUES (?, ?, ?, ?)",
                    topology, runId, owner, now);
        } catch (PlatformException taken) {
            String holder = db.query("read a lease", rs -> rs.getString(1) + " of runtime " + rs.getString(2),
                    "SELECT run_id, owner FROM controller.leases WHERE topology = ?", topology).stream().findFirst()
                    .orElseThrow(() -> taken);
            throw new PlatformException(ErrorCode.CONFLICT, "topology " + topology + " is being changed by run " + holder
                    + "; wait for it to end");
        }
    }

    void renew(String topology, String runId, long now) {
        db.update("renew a lease", "UPDATE controller.leases SET renewed_at = ? WHERE topology = ? AND run_id = ?", now, topology, runId);
    }

    void release(String topology, String runId) {
        db.update("release a lease", "DELETE FROM controller.leases WHERE topology = ? AND run_id = ?", topology, runId);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new PlatformException(ErrorCode.FAILED, "the controller's journal holds unreadable JSON: " + json, e);
        }
    }
}
