package org.mobitopolo.controller.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.topology.TopologySnapshot;

/**
 * A file that deploys a distributed snapshot, expanded into the topology file it stands for:
 * <pre>
 * name: shop-again
 * from-snapshot: shop-monday
 * hosts: {tokyo: http://10.0.0.3:8181, florida: local}   # optional: where the snapshot's hosts are now
 * placement: automatic                                   # optional: else each node on its host of the snapshot
 * nodes:                                                 # optional: a node elsewhere, its links' impairments changed
 *   proxy: {host: florida, nics: [{impairment: {delayMillis: 88}}]}
 * host-links: [{hosts: [tokyo, florida], impairment: {delayMillis: 101}}]   # optional: instead of the snapshot's
 * </pre>
 * The snapshot's file with that name and those hosts, each node made from its VM snapshot
 * ({@code image: snapshot:SNAP-NODE}) with the MACs its guest knows, on the host it ran on (as the file
 * maps it) or placed afresh. The expansion is the same for the same file and snapshot, so deploying
 * the file again changes nothing.
 */
final class FromSnapshot {
    static final String KEY = "from-snapshot";
    private static final Set<String> TOP = Set.of("name", KEY, "hosts", "placement", "nodes", "host-links");
    /** What a file from a snapshot may change of a node: where it runs and how its links behave, not what it is. */
    private static final Set<String> NODE = Set.of("host", "nics");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private FromSnapshot() {}

    /**
     * The topology file the text stands for: itself unless it says {@code from-snapshot}. A file that
     * cannot be read is returned as it is, for the reader to report.
     */
    static String expand(String text, Function<String, Optional<TopologySnapshot>> snapshots) {
        if (!text.contains(KEY)) {
            return text;
        }
        Problems problems = new Problems();
        Tree root = Tree.parse(text, problems);
        if (!(root instanceof Tree.MapT top) || !top.fields().containsKey(KEY)) {
            return text;
        }
        Map<String, Tree.Field> f = top.fields();
        f.forEach((k, v) -> {
            if (!TOP.contains(k)) {
                problems.add(k, v.pos(), "unknown field '" + k + "' in a file from a snapshot, which takes its networks and nodes "
                        + "from the snapshot (known here: " + String.join(", ", new TreeSet<>(TOP)) + ")");
            }
        });
        String name = scalar(f, "name", problems);
        if (!f.containsKey("name")) {
            problems.add("name", root.pos(), "missing: every topology has a name");
        }
        String from = scalar(f, KEY, problems);
        TopologySnapshot snap = from.isEmpty() ? null : snapshots.apply(from).orElse(null);
        if (snap == null && !from.isEmpty()) {
            problems.add(KEY, f.get(KEY).pos(), "no distributed snapshot named " + from);
        }
        String placement = f.containsKey("placement") ? scalar(f, "placement", problems) : "as-taken";
        if (!placement.equals("as-taken") && !placement.equals("automatic")) {
            problems.add("placement", f.get("placement").pos(), "placement is as-taken or automatic, got '" + placement + "'");
        }
        Map<String, String> hosts = f.containsKey("hosts") ? hosts(f.get("hosts"), problems)
                : snap == null ? Map.of() : snap.hosts();
        if (snap != null && !placement.equals("automatic")) {
            Set<String> unmapped = new TreeSet<>();
            snap.nodes().values().forEach(n -> {
                if (!hosts.containsKey(n.host())) {
                    unmapped.add(n.host());
                }
            });
            if (!unmapped.isEmpty()) {
                problems.add("hosts", f.containsKey("hosts") ? f.get("hosts").pos() : root.pos(), "the snapshot's nodes ran on "
                        + String.join(", ", unmapped) + ", which the file's hosts do not name: give each its URL now, or say "
                        + "placement: automatic");
            }
        }
        if (f.containsKey("nodes")) {
            checkNodes(f.get("nodes"), snap, problems);
        }
        problems.throwIfAny();
        ObjectNode given;
        try {
            given = (ObjectNode) YAML.readTree(text);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("a file read once reads again", e);
        }
        return expanded(snap, name, hosts, placement.equals("automatic"), given);
    }

    /** Overrides of the snapshot's nodes: only nodes it has, only their host and their NICs' impairments. */
    private static void checkNodes(Tree.Field field, TopologySnapshot snap, Problems problems) {
        if (!(field.value() instanceof Tree.MapT m)) {
            problems.add("nodes", field.pos(), "expected a mapping of the snapshot's node names to {host, nics}");
            return;
        }
        m.fields().forEach((node, v) -> {
            if (snap != null && !snap.nodes().containsKey(node)) {
                problems.add("nodes." + node, v.pos(), "the snapshot has no node " + node + " (it has "
                        + String.join(", ", new TreeSet<>(snap.nodes().keySet())) + ")");
            }
            if (!(v.value() instanceof Tree.MapT n)) {
                problems.add("nodes." + node, v.pos(), "expected {host, nics}");
                return;
            }
            n.fields().forEach((k, x) -> {
                if (!NODE.contains(k)) {
                    problems.add("nodes." + node + "." + k, x.pos(), "a node from a snapshot keeps what it is; only its host and "
                            + "its NICs' impairments change here");
                }
            });
            Tree.Field nics = n.fields().get("nics");
            if (nics != null && nics.value() instanceof Tree.Seq seq) {
                for (int i = 0; i < seq.items().size(); i++) {
                    if (!(seq.items().get(i) instanceof Tree.MapT nic) || !Set.of("impairment").containsAll(nic.fields().keySet())) {
                        problems.add("nodes." + node + ".nics[" + i + "]", seq.items().get(i).pos(),
                                "a NIC of a node from a snapshot changes only its impairment: {impairment: {...}}");
                    }
                }
            } else if (nics != null) {
                problems.add("nodes." + node + ".nics", nics.pos(), "expected a list of {impairment: {...}}, in the NICs' order");
            }
        });
    }

    private static String expanded(TopologySnapshot snap, String name, Map<String, String> hosts, boolean automatic,
            ObjectNode given) {
        ObjectNode file;
        try {
            file = (ObjectNode) YAML.readTree(snap.source());
        } catch (JsonProcessingException | ClassCastException e) {
            throw new PlatformException(ErrorCode.FAILED, "distributed snapshot " + snap.name() + " holds an unreadable file", e);
        }
        file.put("name", name);
        ObjectNode h = file.putObject("hosts");
        hosts.forEach(h::put);
        JsonNode nodes = file.path("nodes");
        snap.nodes().forEach((node, part) -> {
            if (!(nodes.get(node) instanceof ObjectNode n)) {
                return; // the file and the snapshot were written together: a node of one is a node of the other
            }
            n.put("image", "snapshot:" + part.snapshot());
            if (automatic) {
                n.remove("host");
            } else {
                n.put("host", part.host());
            }
            JsonNode changed = given.path("nodes").path(node);
            if (changed.has("host")) {
                n.set("host", changed.get("host"));
            }
            if (n.get("nics") instanceof ArrayNode nics) {
                List<String> macs = part.macs();
                for (int i = 0; i < nics.size(); i++) {
                    if (nics.get(i) instanceof ObjectNode nic) {
                        if (i < macs.size()) {
                            nic.put("mac", macs.get(i));
                        }
                        JsonNode impairment = changed.path("nics").path(i).get("impairment");
                        if (impairment != null) {
                            nic.set("impairment", impairment);
                        }
                    }
                }
            }
        });
        if (given.has("host-links")) {
            file.set("host-links", given.get("host-links"));
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(file);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> hosts(Tree.Field field, Problems problems) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!(field.value() instanceof Tree.MapT m)) {
            problems.add("hosts", field.pos(), "expected a mapping of host names to URLs");
            return out;
        }
        m.fields().forEach((k, v) -> out.put(k, scalar(m.fields(), k, "hosts." + k, problems)));
        return out;
    }

    private static String scalar(Map<String, Tree.Field> fields, String key, Problems problems) {
        return scalar(fields, key, key, problems);
    }

    private static String scalar(Map<String, Tree.Field> fields, String key, String path, Problems problems) {
        Tree.Field f = fields.get(key);
        if (f == null) {
            return "";
        }
        if (f.value() instanceof Tree.Scalar s && !s.isNull()) {
            return s.text();
        }
        problems.add(path, f.pos(), "expected a single value");
        return "";
    }
}
