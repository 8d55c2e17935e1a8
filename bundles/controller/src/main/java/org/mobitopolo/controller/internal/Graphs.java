package org.mobitopolo.controller.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.mobitopolo.api.net.LinkShape;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.topology.DeployedHost;
import org.mobitopolo.api.topology.DeployedVm;
import org.mobitopolo.api.topology.Deployment;
import org.mobitopolo.api.topology.Topology;
import org.mobitopolo.api.topology.TopologyNic;
import org.mobitopolo.api.topology.TopologyNode;

/**
 * A topology as a Graphviz graph: a box per host with its VMs, coloured by state, the networks their
 * NICs join (with addresses and impairments on the edges), and the tunnels between hosts.
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
    static String dot(Topology topology, Map<String, String> placement, Deployment observed) {
        StringBuilder g = new StringBuilder("graph ").append(quote(topology.name())).append(" {\n")
                .append("  graph [label=").append(quote("topology " + topology.name())).append(", labelloc=t, fontname=Helvetica];\n")
                .append("  node [fontname=Helvetica, fontsize=11];\n  edge [fontname=Helvetica, fontsize=9];\n");
        Map<String, TreeSet<String>> nodesByHost = new TreeMap<>();
        topology.nodes().forEach(n -> nodesByHost.computeIfAbsent(placement.getOrDefault(n.name(), "?"), h -> new TreeSet<>()).add(n.name()));
        observed.hosts().forEach((h, d) -> nodesByHost.computeIfAbsent(h, k -> new TreeSet<>()).addAll(d.vms().keySet()));
        nodesByHost.forEach((host, vms) -> {
            g.append("  subgraph ").append(quote("cluster_" + host)).append(" {\n")
                    .append("    label=").append(quote(host + url(topology, host))).append("; style=rounded;\n")
                    .append("    ").append(quote("switch:" + host)).append(" [label=\"switch\", shape=point, width=0.15];\n");
            for (String vm : vms) {
                DeployedVm there = vmOn(observed, host, vm);
                String colour = there == null ? ABSENT : there.running() ? RUNNING : NOT_RUNNING;
                String state = there == null ? "not deployed" : there.running() ? "running" : "not running";
                String kind = topology.node(vm).map(TopologyNode::hypervisor).orElse("not in the file");
                g.append("    ").append(quote("vm:" + vm)).append(" [shape=box, style=\"rounded,filled")
                        .append(there == null ? ",dashed" : "").append("\", fillcolor=").append(colour)
                        .append(", label=").append(quote(vm + "\n" + kind + ", " + state)).append("];\n");
            }
            g.append("  }\n");
        });
        for (var net : topology.networks()) {
            g.append("  ").append(quote("net:" + net.name())).append(" [shape=ellipse, style=filled, fillcolor=lightblue, label=")
                    .append(quote(net.name() + (net.subnet().isEmpty() ? "" : "\n" + net.subnet()))).append("];\n");
        }
        for (TopologyNode n : topology.nodes()) {
            for (TopologyNic nic : n.nics()) {
                String label = nic.address() + (nic.impairment().isNone() ? "" : " " + shape(nic.impairment()));
                g.append("  ").append(quote("vm:" + n.name())).append(" -- ").append(quote("net:" + nic.network()))
                        .append(" [label=").append(quote(label.strip())).append("];\n");
            }
        }
        Set<String> drawn = new TreeSet<>();
        new TreeMap<>(observed.hosts()).forEach((host, d) -> new TreeMap<>(d.tunnels()).forEach((peer, shape) -> {
            String first = host.compareTo(peer) < 0 ? host : peer;
            String second = first.equals(host) ? peer : host;
            if (drawn.add(first + " " + second)) { // one edge a pair, drawn the same every time
                g.append("  ").append(quote("switch:" + first)).append(" -- ").append(quote("switch:" + second))
                        .append(" [style=dashed, label=").append(quote("VXLAN" + (shape.isNone() ? "" : " " + shape(shape))))
                        .append("];\n");
            }
        }));
        return g.append("}\n").toString();
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

    private static DeployedVm vmOn(Deployment d, String host, String vm) {
        DeployedHost h = d.hosts().get(host);
        return h == null ? null : h.vms().get(vm);
    }

    private static String url(Topology t, String host) {
        return t.host(host).map(h -> "\n" + h.url()).orElse("");
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
