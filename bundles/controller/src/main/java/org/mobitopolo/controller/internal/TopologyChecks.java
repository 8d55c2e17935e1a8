package org.mobitopolo.controller.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.mobitopolo.api.topology.HostLink;
import org.mobitopolo.api.topology.Topology;
import org.mobitopolo.api.topology.TopologyHost;
import org.mobitopolo.api.topology.TopologyImage;
import org.mobitopolo.api.topology.TopologyNetwork;
import org.mobitopolo.api.topology.TopologyNic;
import org.mobitopolo.api.topology.TopologyNode;

/** What a topology's values mean: references, ranges, duplicates, cycles. Every problem is reported. */
final class TopologyChecks {
    // The names the platform takes: VmSpec and the switch accept these for VMs and networks.
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    static final Pattern ZONE = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    // Guest parameters go on the guest kernel's command line (GuestParams in hypervisor-common).
    static final Pattern PARAM_KEY = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    static final Pattern PARAM_VALUE = Pattern.compile("[A-Za-z0-9_./:,@%+=-]{0,200}");
    static final Set<String> HYPERVISORS = Set.of("uml", "qemu");
    static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]{1,99}");
    static final int MAX_PACKAGES = 64;
    static final int MIN_IMAGE_MB = 64;
    static final int MIN_MEMORY_MB = 16;
    static final int MAX_MEMORY_MB = 65536;

    private final Problems problems;
    private final Map<String, Tree.Pos> where;

    TopologyChecks(Problems problems, Map<String, Tree.Pos> where) {
        this.problems = problems;
        this.where = where;
    }

    void check(Topology t) {
        if (!t.name().isEmpty()) {
            name(t.name(), "name", "topology");
        }
        Set<String> hosts = hosts(t);
        Map<String, TopologyNetwork> networks = new HashMap<>();
        for (TopologyNetwork n : t.networks()) {
            String path = "networks." + n.name();
            name(n.name(), path, "network");
            networks.put(n.name(), n);
            if (!n.subnet().isEmpty()) {
                Ipv4 s = Ipv4.parse(n.subnet());
                if (s == null || s.prefix() < 0) {
                    add(path + ".subnet", "bad CIDR '" + n.subnet() + "': an IPv4 subnet with its prefix, e.g. 10.0.0.0/24");
                } else if (s.hasHostBits()) {
                    add(path + ".subnet", "bad CIDR '" + n.subnet() + "': host bits set (the subnet is "
                            + new Ipv4(s.address() & s.mask(), s.prefix()) + ")");
                }
            }
            services(n, path);
        }
        Set<String> nodeNames = new HashSet<>();
        t.nodes().forEach(n -> nodeNames.add(n.name()));
        Addresses addresses = new Addresses();
        for (TopologyNode n : t.nodes()) {
            node(n, hosts, networks, nodeNames, addresses);
        }
        cycles(t);
        hostLinks(t, hosts);
        images(t);
    }

    /** As the hosts' image builder takes them (BuildRecipe): checked here so that no host is asked in vain. */
    private void images(Topology t) {
        for (TopologyImage i : t.images()) {
            String path = "images." + i.name();
            name(i.name(), path, "image");
            if (i.packages().size() > MAX_PACKAGES) {
                add(path + ".packages", "at most " + MAX_PACKAGES + " packages (their dependencies come along), got "
                        + i.packages().size());
            }
            for (int k = 0; k < i.packages().size(); k++) {
                if (!PACKAGE.matcher(i.packages().get(k)).matches()) {
                    add(path + ".packages[" + k + "]", "bad Debian package name '" + i.packages().get(k) + "'");
                }
            }
            if (i.sizeMb() != 0 && i.sizeMb() < MIN_IMAGE_MB) {
                add(path + ".sizeMb", "an image takes " + MIN_IMAGE_MB + " MiB at least (or 0: as big as its files need)");
            }
        }
    }

    private Set<String> hosts(Topology t) {
        Set<String> names = new HashSet<>();
        Map<String, String> urls = new HashMap<>();
        if (t.hosts().isEmpty()) {
            add("hosts", "no hosts: name at least one, e.g. local: local");
        }
        for (TopologyHost h : t.hosts()) {
            String path = "hosts." + h.name();
            name(h.name(), path, "host");
            names.add(h.name());
            String url = h.url();
            if (!h.isLocal()) {
                url = url.replaceAll("/+$", "");
                try {
                    URI u = new URI(url);
                    if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                        add(path, "bad URL '" + h.url() + "': a Mobitopolo runtime's http(s)://HOST:PORT, or local");
                    }
                } catch (URISyntaxException e) {
                    add(path, "bad URL '" + h.url() + "': " + e.getReason());
                }
            }
            String other = urls.putIfAbsent(url, h.name());
            if (other != null) {
                add(path, "the same host as '" + other + "' (" + h.url() + ")");
            }
        }
        return names;
    }

    private void node(TopologyNode n, Set<String> hosts, Map<String, TopologyNetwork> networks, Set<String> nodes,
            Addresses addresses) {
        String path = "nodes." + n.name();
        name(n.name(), path, "node");
        if (!HYPERVISORS.contains(n.hypervisor())) {
            add(path + ".hypervisor", "unknown hypervisor '" + n.hypervisor() + "' (uml or qemu)");
        }
        if (n.memoryMb() < MIN_MEMORY_MB || n.memoryMb() > MAX_MEMORY_MB) {
            add(path + ".memoryMb", "out of range: " + n.memoryMb() + " (" + MIN_MEMORY_MB + " to " + MAX_MEMORY_MB + " MiB)");
        }
        if (n.image().startsWith("snapshot:") && !NAME.matcher(n.image().substring(9)).matches()) {
            add(path + ".image", "bad snapshot name '" + n.image().substring(9) + "'");
        }
        if (!n.host().isEmpty() && !hosts.contains(n.host())) {
            add(path + ".host", "unknown host '" + n.host() + "' (hosts: " + sorted(hosts) + ")");
        }
        n.params().forEach((k, v) -> {
            if (!PARAM_KEY.matcher(k).matches()) {
                add(path + ".params." + k, "guest parameter names are lower-case words of letters, digits and _");
            } else if (!PARAM_VALUE.matcher(v).matches()) {
                add(path + ".params." + k, "a guest parameter is one word without spaces or quotes, got '" + v + "'");
            }
        });
        Set<String> joined = new HashSet<>();
        for (int i = 0; i < n.nics().size(); i++) {
            nic(n, i, networks, joined, addresses);
        }
        for (int i = 0; i < n.dependsOn().size(); i++) {
            String d = n.dependsOn().get(i);
            if (!nodes.contains(d)) {
                add(path + ".depends-on[" + i + "]", "unknown node '" + d + "'");
            }
        }
    }

    private void nic(TopologyNode n, int i, Map<String, TopologyNetwork> networks, Set<String> joined, Addresses addresses) {
        TopologyNic nic = n.nics().get(i);
        String path = "nodes." + n.name() + ".nics[" + i + "]";
        TopologyNetwork net = networks.get(nic.network());
        if (nic.network().isEmpty()) {
            return; // reported by the reader
        }
        if (net == null) {
            add(path + ".network", "unknown network '" + nic.network() + "' (networks: " + sorted(networks.keySet()) + ")");
        } else if (!joined.add(nic.network())) {
            // The switch knows a VM's port by network and owner, so the planner could not tell two apart.
            add(path + ".network", "the node is on network '" + nic.network() + "' already");
        }
        if (!nic.mac().isEmpty()) {
            String mac = nic.mac().toLowerCase(Locale.ROOT);
            if (!MAC.matcher(mac).matches()) {
                add(path + ".mac", "bad MAC '" + nic.mac() + "': six hex bytes, e.g. 02:00:00:00:00:01");
            } else if ((Integer.parseInt(mac.substring(0, 2), 16) & 1) != 0) {
                add(path + ".mac", "bad MAC '" + nic.mac() + "': a multicast address (its first byte is odd)");
            } else {
                addresses.mac(nic.network(), mac, path + ".mac");
            }
        }
        String address = nic.address();
        String addressPath = path + ".address";
        if (address.isEmpty() && i == 0 && n.params().containsKey("ip")) {
            // The default guest puts ip= on its first NIC: check it as that NIC's address.
            address = n.params().get("ip");
            addressPath = "nodes." + n.name() + ".params.ip";
        } else if (!address.isEmpty() && i == 0 && n.params().containsKey("ip") && !n.params().get("ip").equals(address)) {
            add(addressPath, "conflicts with params.ip '" + n.params().get("ip") + "': give the address once");
        }
        if (address.equals("dhcp") && i > 0) {
            add(addressPath, "only a node's first NIC takes its address by DHCP (the default guest's ip= is the first NIC's)");
        } else if (!address.isEmpty()) {
            address(address, addressPath, net, addresses);
        }
    }

    /** A network's services: they need a subnet the services can serve, and their addresses must be hosts of it. */
    private void services(TopologyNetwork n, String path) {
        if (!n.hasServices() && n.gateway().isEmpty() && n.router().isEmpty()) {
            return;
        }
        Ipv4 s = Ipv4.parse(n.subnet());
        if (n.subnet().isEmpty()) {
            add(path, "dhcp, dns, gateway and router need the network's subnet");
            return;
        }
        if (s == null || s.prefix() < 0) {
            return; // reported above
        }
        if (s.prefix() < 16 || s.prefix() > 30) {
            add(path + ".subnet", "network services serve a /16 to /30, got /" + s.prefix());
        }
        for (String[] a : new String[][] {{"gateway", n.gateway()}, {"router", n.router()}}) {
            if (a[1].isEmpty()) {
                continue;
            }
            Ipv4 ip = Ipv4.parse(a[1]);
            if (ip == null || ip.prefix() >= 0) {
                add(path + "." + a[0], "bad address '" + a[1] + "': an IPv4 address without prefix, e.g. 10.0.0.1");
            } else if (!s.contains(ip) || ip.isNetworkOrBroadcast(s.prefix())) {
                add(path + "." + a[0], "address " + a[1] + " is not a host address of " + n.subnet());
            }
        }
        if (!n.gateway().isEmpty() && n.gateway().equals(n.router())) {
            add(path + ".router", "the router must be another address than the gateway (the network's own)");
        }
        if (!n.dns().isEmpty() && !ZONE.matcher(n.dns()).matches()) {
            add(path + ".dns", "bad zone '" + n.dns() + "': lower-case labels joined by dots, e.g. site-a.mobi");
        }
    }

    private void address(String text, String path, TopologyNetwork net, Addresses addresses) {
        if (text.equals("dhcp")) {
            if (net != null && !net.dhcp()) {
                add(path, "address dhcp needs network " + net.name() + " to serve DHCP (dhcp: true)");
            }
            return;
        }
        Ipv4 a = Ipv4.parse(text);
        if (a == null) {
            add(path, "bad address '" + text + "': an IPv4 address, e.g. 10.0.0.2/24");
            return;
        }
        Ipv4 subnet = net == null || net.subnet().isEmpty() ? null : Ipv4.parse(net.subnet());
        if (subnet != null && subnet.prefix() >= 0) {
            if (!subnet.contains(a)) {
                add(path, "address " + a.addressText() + " is outside network " + net.name() + "'s subnet " + net.subnet());
            } else if (a.prefix() >= 0 && a.prefix() != subnet.prefix()) {
                add(path, "prefix /" + a.prefix() + " differs from network " + net.name() + "'s subnet " + net.subnet());
            } else if (a.isNetworkOrBroadcast(subnet.prefix())) {
                add(path, "address " + a.addressText() + " is the network or broadcast address of " + net.subnet());
            }
        } else if (a.prefix() < 0 && net != null) {
            add(path, "address " + text + " needs a prefix (e.g. /24), or network " + net.name() + " a subnet");
        }
        if (net != null) {
            addresses.ip(net.name(), a.addressText(), path);
        }
    }

    private void cycles(Topology t) {
        Map<String, TopologyNode> byName = new HashMap<>();
        t.nodes().forEach(n -> byName.putIfAbsent(n.name(), n));
        Map<String, Integer> state = new HashMap<>(); // absent: unseen, 1: on the path, 2: done
        for (TopologyNode n : t.nodes()) {
            visit(n.name(), byName, state, new ArrayList<>());
        }
    }

    // Recursion depth is bounded by the number of nodes, which a file keeps in the hundreds.
    private void visit(String name, Map<String, TopologyNode> byName, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(name);
        if (s != null && s == 2 || !byName.containsKey(name)) {
            return;
        }
        if (s != null) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
            cycle.add(name);
            add("nodes." + name + ".depends-on", "cycle in depends-on: " + String.join(" -> ", cycle));
            return;
        }
        state.put(name, 1);
        path.add(name);
        for (String d : byName.get(name).dependsOn()) {
            visit(d, byName, state, path);
        }
        path.remove(path.size() - 1);
        state.put(name, 2);
    }

    private void hostLinks(Topology t, Set<String> hosts) {
        Set<String> pairs = new HashSet<>();
        for (int i = 0; i < t.hostLinks().size(); i++) {
            HostLink l = t.hostLinks().get(i);
            String path = "host-links[" + i + "].hosts";
            for (String h : List.of(l.a(), l.b())) {
                if (!h.isEmpty() && !hosts.contains(h)) {
                    add(path, "unknown host '" + h + "' (hosts: " + sorted(hosts) + ")");
                }
            }
            if (l.a().equals(l.b())) {
                add(path, "a host link joins two different hosts");
            } else if (!pairs.add(l.a() + " " + l.b())) {
                add(path, "hosts " + l.a() + " and " + l.b() + " have a link already");
            }
        }
    }

    private void name(String name, String path, String what) {
        if (!NAME.matcher(name).matches()) {
            add(path, "bad " + what + " name '" + name + "': 1-32 lower-case letters, digits or dashes");
        }
    }

    private void add(String path, String message) {
        problems.add(path, at(path), message);
    }

    /** The place of a path, or of its nearest parent the reader saw. */
    Tree.Pos at(String path) {
        for (String p = path; ; p = parent(p)) {
            Tree.Pos pos = where.get(p);
            if (pos != null || p.isEmpty()) {
                return pos == null ? Tree.Pos.NONE : pos;
            }
        }
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    private static String sorted(Set<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names.stream().sorted().toList());
    }

    /** MACs and addresses already taken, per network. */
    private final class Addresses {
        private final Map<String, String> macs = new HashMap<>();
        private final Map<String, String> ips = new HashMap<>();

        void mac(String network, String mac, String path) {
            String other = macs.putIfAbsent(network + " " + mac, path);
            if (other != null) {
                add(path, "duplicate MAC " + mac + " on network " + network + " (also " + other + ")");
            }
        }

        void ip(String network, String ip, String path) {
            String other = ips.putIfAbsent(network + " " + ip, path);
            if (other != null) {
                add(path, "duplicate address " + ip + " on network " + network + " (also " + other + ")");
            }
        }
    }
}
