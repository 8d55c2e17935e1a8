package org.mobitopolo.controller.internal;

import com.fasterxml.jackson.core.JsonToken;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mobitopolo.api.net.LinkShape;
import org.mobitopolo.api.topology.HostLink;
import org.mobitopolo.api.topology.Topology;
import org.mobitopolo.api.topology.TopologyHost;
import org.mobitopolo.api.topology.TopologyImage;
import org.mobitopolo.api.topology.TopologyNetwork;
import org.mobitopolo.api.topology.TopologyNic;
import org.mobitopolo.api.topology.TopologyNode;

/**
 * Turns a file's tree into a topology, reporting unknown fields and values of the wrong type; what the
 * values mean (names that reference something, ranges, duplicates) is {@link TopologyChecks}' part.
 * MACs the file leaves out are empty here. Every path read is remembered with its place, for the checks.
 */
final class TopologyReader {
    static final Set<String> TOP = Set.of("name", "hosts", "networks", "nodes", "host-links", "images");
    static final Set<String> IMAGE = Set.of("packages", "sizeMb");
    static final Set<String> NETWORK = Set.of("subnet", "gateway", "router", "dhcp", "dns");
    static final Set<String> NODE = Set.of("hypervisor", "memoryMb", "image", "params", "nics", "host", "depends-on");
    static final Set<String> NIC = Set.of("network", "mac", "address", "impairment");
    static final Set<String> IMPAIRMENT = Set.of("delayMillis", "jitterMillis", "rateBitsPerSecond", "lossPercent");
    static final Set<String> HOST_LINK = Set.of("hosts", "impairment");

    /** Default memory per hypervisor: what the default guests need (QEMU's kernel wants 128 MiB). */
    static final Map<String, Integer> DEFAULT_MEMORY_MB = Map.of("uml", 64, "qemu", 128);

    // Bounds a user might plausibly want; beyond them a value is a typo (a delay in microseconds...).
    static final long MAX_DELAY_MILLIS = 60_000;
    static final long MAX_RATE_BITS_PER_SECOND = 100_000_000_000L;

    private final Problems problems;
    private final Map<String, Tree.Pos> where = new HashMap<>();

    TopologyReader(Problems problems) {
        this.problems = problems;
    }

    /** The places of the paths read, e.g. {@code nodes.web.nics[0].network}. */
    Map<String, Tree.Pos> where() {
        return where;
    }

    Topology read(Tree root) {
        where.put("", root.pos());
        Map<String, Tree.Field> top = fields(root, "", TOP);
        String name = top.containsKey("name") ? string(top.get("name"), "name") : "";
        if (!top.containsKey("name")) {
            problems.add("name", root.pos(), "missing: every topology has a name");
        }
        List<TopologyHost> hosts = new ArrayList<>();
        if (top.containsKey("hosts")) {
            fields(value(top.get("hosts"), "hosts"), "hosts", null)
                    .forEach((k, f) -> hosts.add(new TopologyHost(k, string(f, "hosts." + k))));
        } else {
            hosts.add(new TopologyHost("local", TopologyHost.LOCAL));
        }
        List<TopologyNetwork> networks = new ArrayList<>();
        if (top.containsKey("networks")) {
            fields(value(top.get("networks"), "networks"), "networks", null).forEach((k, f) -> {
                String path = "networks." + k;
                where.put(path, f.pos());
                Map<String, Tree.Field> n = nullable(f.value()) ? Map.of() : fields(f.value(), path, NETWORK);
                networks.add(new TopologyNetwork(k, optional(n, "subnet", path), optional(n, "gateway", path),
                        optional(n, "router", path), n.containsKey("dhcp") && bool(n.get("dhcp"), path + ".dhcp"),
                        optional(n, "dns", path)));
            });
        }
        List<TopologyNode> nodes = new ArrayList<>();
        if (top.containsKey("nodes")) {
            fields(value(top.get("nodes"), "nodes"), "nodes", null).forEach((k, f) -> nodes.add(node(k, f)));
        }
        List<HostLink> links = new ArrayList<>();
        if (top.containsKey("host-links")) {
            List<Tree> items = items(top.get("host-links").value(), "host-links");
            for (int i = 0; i < items.size(); i++) {
                HostLink l = hostLink(items.get(i), "host-links[" + i + "]");
                if (l != null) {
                    links.add(l);
                }
            }
        }
        List<TopologyImage> images = new ArrayList<>();
        if (top.containsKey("images")) {
            fields(value(top.get("images"), "images"), "images", null).forEach((k, f) -> images.add(image(k, f)));
        }
        return new Topology(name, hosts, networks, nodes, links, images);
    }

    private TopologyImage image(String name, Tree.Field f) {
        String path = "images." + name;
        where.put(path, f.pos());
        Map<String, Tree.Field> i = fields(value(f, path), path, IMAGE);
        List<String> packages = new ArrayList<>();
        if (i.containsKey("packages")) {
            where.put(path + ".packages", i.get("packages").pos());
            List<Tree> items = items(i.get("packages").value(), path + ".packages");
            for (int k = 0; k < items.size(); k++) {
                packages.add(scalar(items.get(k), path + ".packages[" + k + "]"));
            }
            if (items.isEmpty()) {
                problems.add(path + ".packages", i.get("packages").pos(), "an image is built from one package at least");
            }
        } else {
            problems.add(path, f.pos(), "missing: packages, the Debian packages the image is built from");
        }
        int size = i.containsKey("sizeMb") ? (int) within(whole(i.get("sizeMb"), path + ".sizeMb", 0), 0, 65536, i.get("sizeMb"),
                path + ".sizeMb", "0 (as big as its files need) to 65536 MiB") : 0;
        return new TopologyImage(name, packages, size);
    }

    private TopologyNode node(String name, Tree.Field f) {
        String path = "nodes." + name;
        where.put(path, f.pos());
        Map<String, Tree.Field> n = nullable(f.value()) ? Map.of() : fields(f.value(), path, NODE);
        String hypervisor = n.containsKey("hypervisor") ? string(n.get("hypervisor"), path + ".hypervisor") : "uml";
        int defaultMemory = DEFAULT_MEMORY_MB.getOrDefault(hypervisor, 64);
        int memory = n.containsKey("memoryMb")
                ? (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, whole(n.get("memoryMb"), path + ".memoryMb", defaultMemory)))
                : defaultMemory;
        String image = n.containsKey("image") ? string(n.get("image"), path + ".image") : "";
        Map<String, String> params = new LinkedHashMap<>();
        if (n.containsKey("params")) {
            fields(value(n.get("params"), path + ".params"), path + ".params", null)
                    .forEach((k, p) -> params.put(k, string(p, path + ".params." + k)));
        }
        List<TopologyNic> nics = new ArrayList<>();
        if (n.containsKey("nics")) {
            List<Tree> items = items(n.get("nics").value(), path + ".nics");
            for (int i = 0; i < items.size(); i++) {
                nics.add(nic(items.get(i), path + ".nics[" + i + "]"));
            }
        }
        String host = n.containsKey("host") ? string(n.get("host"), path + ".host") : "";
        List<String> deps = new ArrayList<>();
        if (n.containsKey("depends-on")) {
            Tree.Field d = n.get("depends-on");
            where.put(path + ".depends-on", d.pos());
            if (d.value() instanceof Tree.Scalar) {
                deps.add(string(d, path + ".depends-on[0]"));
            } else {
                List<Tree> items = items(d.value(), path + ".depends-on");
                for (int i = 0; i < items.size(); i++) {
                    deps.add(scalar(items.get(i), path + ".depends-on[" + i + "]"));
                }
            }
        }
        return new TopologyNode(name, hypervisor, memory, image, params, nics, host, deps);
    }

    private TopologyNic nic(Tree t, String path) {
        where.put(path, t.pos());
        if (t instanceof Tree.Scalar) {
            // "- lan" is short for "- network: lan"
            return new TopologyNic(scalar(t, path + ".network"), "", "", LinkShape.NONE);
        }
        Map<String, Tree.Field> n = fields(t, path, NIC);
        String network = "";
        if (n.containsKey("network")) {
            network = string(n.get("network"), path + ".network");
        } else {
            problems.add(path, t.pos(), "missing: a NIC names the network it joins");
        }
        String mac = n.containsKey("mac") ? string(n.get("mac"), path + ".mac") : "";
        String address = n.containsKey("address") ? string(n.get("address"), path + ".address") : "";
        LinkShape shape = n.containsKey("impairment") ? impairment(n.get("impairment"), path + ".impairment") : LinkShape.NONE;
        return new TopologyNic(network, mac, address, shape);
    }

    private HostLink hostLink(Tree t, String path) {
        where.put(path, t.pos());
        Map<String, Tree.Field> l = fields(t, path, HOST_LINK);
        List<String> hosts = new ArrayList<>();
        if (l.containsKey("hosts")) {
            List<Tree> items = items(l.get("hosts").value(), path + ".hosts");
            for (int i = 0; i < items.size(); i++) {
                hosts.add(scalar(items.get(i), path + ".hosts[" + i + "]"));
            }
            where.put(path + ".hosts", l.get("hosts").pos());
        }
        if (hosts.size() != 2) {
            problems.add(path + ".hosts", l.containsKey("hosts") ? l.get("hosts").pos() : t.pos(),
                    "a host link joins two hosts: hosts: [a, b]");
        }
        if (!l.containsKey("impairment")) {
            problems.add(path, t.pos(), "missing: impairment");
        }
        LinkShape shape = l.containsKey("impairment") ? impairment(l.get("impairment"), path + ".impairment") : LinkShape.NONE;
        return hosts.size() == 2 ? new HostLink(hosts.get(0), hosts.get(1), shape) : null;
    }

    private LinkShape impairment(Tree.Field f, String path) {
        Map<String, Tree.Field> s = fields(value(f, path), path, IMPAIRMENT);
        long delay = s.containsKey("delayMillis") ? whole(s.get("delayMillis"), path + ".delayMillis", 0) : 0;
        long jitter = s.containsKey("jitterMillis") ? whole(s.get("jitterMillis"), path + ".jitterMillis", 0) : 0;
        long rate = s.containsKey("rateBitsPerSecond") ? whole(s.get("rateBitsPerSecond"), path + ".rateBitsPerSecond", 0) : 0;
        double loss = s.containsKey("lossPercent") ? number(s.get("lossPercent"), path + ".lossPercent") : 0;
        delay = within(delay, 0, MAX_DELAY_MILLIS, s.get("delayMillis"), path + ".delayMillis", "0 to 60000 ms");
        jitter = within(jitter, 0, MAX_DELAY_MILLIS, s.get("jitterMillis"), path + ".jitterMillis", "0 to 60000 ms");
        rate = within(rate, 0, MAX_RATE_BITS_PER_SECOND, s.get("rateBitsPerSecond"), path + ".rateBitsPerSecond",
                "0 (no limit) to 100000000000 bit/s");
        if (loss < 0 || loss > 100 || Double.isNaN(loss)) {
            problems.add(path + ".lossPercent", s.get("lossPercent").value().pos(), "out of range: " + loss + " (0 to 100 %)");
            loss = 0;
        }
        return new LinkShape(delay, jitter, rate, loss);
    }

    private long within(long v, long min, long max, Tree.Field f, String path, String range) {
        if (v < min || v > max) {
            problems.add(path, f.value().pos(), "out of range: " + v + " (" + range + ")");
            return min;
        }
        return v;
    }

    // --- typed access; each reports a wrong type and returns a harmless value so reading goes on ---

    private Map<String, Tree.Field> fields(Tree t, String path, Set<String> known) {
        if (!(t instanceof Tree.MapT m)) {
            if (t != null) {
                problems.add(path, t.pos(), "expected a mapping (key: value lines)");
            }
            return Map.of();
        }
        Map<String, Tree.Field> out = new LinkedHashMap<>();
        m.fields().forEach((k, f) -> {
            String sub = path.isEmpty() ? k : path + "." + k;
            if (known != null && !known.contains(k)) {
                problems.add(sub, f.pos(), "unknown field '" + k + "' (known here: " + String.join(", ", known.stream().sorted().toList()) + ")");
            } else {
                out.put(k, f);
            }
        });
        return out;
    }

    private Tree value(Tree.Field f, String path) {
        where.put(path, f.pos());
        return f.value();
    }

    private List<Tree> items(Tree t, String path) {
        if (t instanceof Tree.Seq s) {
            return s.items();
        }
        problems.add(path, t.pos(), "expected a list");
        return List.of();
    }

    // A value's problems point at the value, a field's at its key.
    private String string(Tree.Field f, String path) {
        where.put(path, f.value().pos());
        return scalar(f.value(), path);
    }

    private String scalar(Tree t, String path) {
        where.putIfAbsent(path, t.pos());
        if (t instanceof Tree.Scalar s && !s.isNull()) {
            return s.text();
        }
        problems.add(path, t.pos(), t instanceof Tree.Scalar ? "missing value" : "expected a single value");
        return "";
    }

    /** A field's text, or empty when the mapping has no such field. */
    private String optional(Map<String, Tree.Field> fields, String name, String path) {
        return fields.containsKey(name) ? string(fields.get(name), path + "." + name) : "";
    }

    private boolean bool(Tree.Field f, String path) {
        where.put(path, f.value().pos());
        if (f.value() instanceof Tree.Scalar s && (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE)) {
            return s.token() == JsonToken.VALUE_TRUE;
        }
        problems.add(path, f.value().pos(), "expected true or false, got " + shown(f.value()));
        return false;
    }

    private long whole(Tree.Field f, String path, long fallback) {
        where.put(path, f.value().pos());
        if (f.value() instanceof Tree.Scalar s && s.token() == JsonToken.VALUE_NUMBER_INT) {
            try {
                return Long.parseLong(s.text());
            } catch (NumberFormatException e) {
                // too large for a long: reported below
            }
        }
        problems.add(path, f.value().pos(), "expected a whole number, got " + shown(f.value()));
        return fallback;
    }

    private double number(Tree.Field f, String path) {
        where.put(path, f.value().pos());
        if (f.value() instanceof Tree.Scalar s
                && (s.token() == JsonToken.VALUE_NUMBER_INT || s.token() == JsonToken.VALUE_NUMBER_FLOAT)) {
            return Double.parseDouble(s.text());
        }
        problems.add(path, f.value().pos(), "expected a number, got " + shown(f.value()));
        return 0;
    }

    private static boolean nullable(Tree t) {
        return t instanceof Tree.Scalar s && s.isNull();
    }

    private static String shown(Tree t) {
        return t instanceof Tree.Scalar s ? (s.isNull() ? "nothing" : "'" + s.text() + "'") : "a " + (t instanceof Tree.Seq ? "list" : "mapping");
    }
}
