package org.mobitopolo.controller.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.mobitopolo.api.net.LinkShape;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.topology.DeployedHost;
import org.mobitopolo.api.topology.DeployedVm;
import org.mobitopolo.api.topology.Deployment;
import org.mobitopolo.api.topology.Topology;
import org.mobitopolo.api.topology.TopologyGraph;
import org.mobitopolo.api.topology.TopologyNode;

/**
 * A topology as a graph: as data for the dashboard to draw, and in Graphviz's DOT (a box per host with
 * its VMs coloured by state, the networks their NICs join with addresses and impairments on the edges,
 * the tunnels between hosts) for {@code dot} to draw.
 */
final class Graphs {
    private static final String RUNNING = "palegreen";
    private static final String NOT_RUNNING = "lightsalmon";
    private static final String ABSENT = "white";

    private Graphs() {}

    /**
     * @param placement where each node runs or is to run
     * @param observed what exists, as the hosts confirm it
     */
    static TopologyGraph model(Topology topology, Map<String, String> placement, Deployment observed) {
        Map<String, TopologyGraph.Host> hosts = new LinkedHashMap<>();
        topology.hosts().forEach(h -> hosts.put(h.name(), new TopologyGraph.Host(h.name(), h.url())));
        new TreeMap<>(observed.hosts()).keySet().forEach(h -> hosts.putIfAbsent(h, new TopologyGraph.Host(h, "")));
        Map<String, TopologyGraph.Vm> vms = new LinkedHashMap<>();
        for (TopologyNode n : topology.nodes()) {
            String host = observed.hostOf(n.name()).map(DeployedHost::host).orElse(placement.getOrDefault(n.name(), ""));
            List<TopologyGraph.Nic> nics = n.nics().stream()
                    .map(nic -> new TopologyGraph.Nic(nic.network(), nic.mac(), nic.address(), nic.impairment())).toList();
            vms.put(n.name(), new TopologyGraph.Vm(n.name(), host, n.hypervisor(), state(observed, host, n.name()), nics));
        }
        new TreeMap<>(observed.hosts()).forEach((host, d) -> new TreeMap<>(d.vms()).keySet().forEach(vm -> vms.putIfAbsent(vm,
                new TopologyGraph.Vm(vm, host, "", state(observed, host, vm), List.of()))));
        List<TopologyGraph.Network> networks = topology.networks().stream()
                .map(net -> new TopologyGraph.Network(net.name(), net.subnet())).toList();
        Map<String, TopologyGraph.Tunnel> tunnels = new TreeMap<>(); // one a pair, the same every time
        new TreeMap<>(observed.hosts()).forEach((host, d) -> new TreeMap<>(d.tunnels()).forEach((peer, shape) -> {
            String first = host.compareTo(peer) < 0 ? host : peer;
            String second = first.equals(host) ? peer : host;
            tunnels.putIfAbsent(first + " " + second, new TopologyGraph.Tunnel(first, second, shape));
        }));
        return new TopologyGraph(topology.name(), List.copyOf(hosts.values()), List.copyOf(vms.values()), networks,
                List.copyOf(tunnels.values()));
    }

    /** The graph in Graphviz's DOT: a box per host with its VMs, the networks, the tunnels between switches. */
    static String dot(TopologyGraph graph) {
        StringBuilder g = new StringBuilder("graph ").append(quote(graph.topology())).append(" {\n")
                .append("  graph [label=").append(quote("topology " + graph.topology())).append(", labelloc=t, fontname=Helvetica];\n")
                .append("  node [fontname=Helvetica, fontsize=11];\n  edge [fontname=Helvetica, fontsize=9];\n");
        Map<String, String> urls = new HashMap<>();
        graph.hosts().forEach(h -> urls.put(h.name(), h.url()));
        Map<String, List<TopologyGraph.Vm>> vmsByHost = new TreeMap<>();
        graph.vms().stream().sorted(Comparator.comparing(TopologyGraph.Vm::name))
                .forEach(vm -> vmsByHost.computeIfAbsent(vm.host().isEmpty() ? "?" : vm.host(), h -> new ArrayList<>()).add(vm));
        vmsByHost.forEach((host, vms) -> {
            String url = urls.getOrDefault(host, "");
            g.append("  subgraph ").append(quote("cluster_" + host)).append(" {\n")
                    .append("    label=").append(quote(host + (url.isEmpty() ? "" : "\n" + url))).append("; style=rounded;\n")
                    .append("    ").append(quote("switch:" + host)).append(" [label=\"switch\", shape=point, width=0.15];\n");
            for (TopologyGraph.Vm vm : vms) {
                String colour = switch (vm.state()) {
                    case RUNNING -> RUNNING;
                    case NOT_RUNNING -> NOT_RUNNING;
                    case NOT_DEPLOYED -> ABSENT;
                };
                String state = vm.state().name().toLowerCase(Locale.ROOT).replace('_', ' ');
                String kind = vm.hypervisor().isEmpty() ? "not in the file" : vm.hypervisor();
                g.append("    ").append(quote("vm:" + vm.name())).append(" [shape=box, style=\"rounded,filled")
                        .append(vm.state() == TopologyGraph.VmState.NOT_DEPLOYED ? ",dashed" : "").append("\", fillcolor=").append(colour)
                        .append(", label=").append(quote(vm.name() + "\n" + kind + ", " + state)).append("];\n");
            }
            g.append("  }\n");
        });
        for (TopologyGraph.Network net : graph.networks()) {
            g.append("  ").append(quote("net:" + net.name())).append(" [shape=ellipse, style=filled, fillcolor=lightblue, label=")
                    .append(quote(net.name() + (net.subnet().isEmpty() ? "" : "\n" + net.subnet()))).append("];\n");
        }
        for (TopologyGraph.Vm vm : graph.vms()) {
            for (TopologyGraph.Nic nic : vm.nics()) {
                String label = nic.address() + (nic.impairment().isNone() ? "" : " " + shape(nic.impairment()));
                g.append("  ").append(quote("vm:" + vm.name())).append(" -- ").append(quote("net:" + nic.network()))
                        .append(" [label=").append(quote(label.strip())).append("];\n");
            }
        }
        for (TopologyGraph.Tunnel t : graph.tunnels()) {
            g.append("  ").append(quote("switch:" + t.a())).append(" -- ").append(quote("switch:" + t.b()))
                    .append(" [style=dashed, label=").append(quote("VXLAN" + (t.shape().isNone() ? "" : " " + shape(t.shape()))))
                    .append("];\n");
        }
        return g.append("}\n").toString();
    }

    private static TopologyGraph.VmState state(Deployment observed, String host, String vm) {
        DeployedHost h = observed.hosts().get(host);
        DeployedVm there = h == null ? null : h.vms().get(vm);
        return there == null ? TopologyGraph.VmState.NOT_DEPLOYED
                : there.running() ? TopologyGraph.VmState.RUNNING : TopologyGraph.VmState.NOT_RUNNING;
    }

    /** Renders DOT as SVG with Graphviz's {@code dot}. */
    static String svg(String dot) {
        try {
            Process p = new ProcessBuilder("dot", "-Tsvg").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (var in = p.getOutputStream()) {
                in.write(dot.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new PlatformException(ErrorCode.FAILED, "Graphviz's dot took more than 30 s to draw the graph");
            }
            if (p.exitValue() != 0) {
                throw new PlatformException(ErrorCode.FAILED, "Graphviz's dot could not draw the graph (exit " + p.exitValue() + ")");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.UNAVAILABLE, "drawing SVG needs Graphviz's dot, not found here "
                    + "(scripts/setup.sh installs the Debian package graphviz); the DOT text needs nothing", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException(ErrorCode.UNAVAILABLE, "interrupted while drawing", e);
        }
    }

    private static String shape(LinkShape s) {
        StringBuilder b = new StringBuilder();
        if (s.delayMillis() > 0) {
            b.append(s.delayMillis()).append(" ms ");
        }
        if (s.jitterMillis() > 0) {
            b.append("±").append(s.jitterMillis()).append(" ms ");
        }
        if (s.rateBitsPerSecond() > 0) {
            b.append(s.rateBitsPerSecond() / 1000).append(" kbit/s ");
        }
        if (s.lossPercent() > 0) {
            b.append(s.lossPercent()).append("% loss");
        }
        return b.toString().strip();
    }

    /** A DOT string: names are checked by the reader, but URLs and addresses come from users too. */
    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
