package org.mobitopolo.shell.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.topology.TopologyController;
import org.mobitopolo.api.topology.TopologyController.GraphFormat;

@Service
@Command(scope = "mobi", name = "topo-graph", description = "Prints a topology as a Graphviz DOT graph (hosts with their "
        + "VMs coloured by state, networks, tunnels), or writes it as SVG")
public class TopoGraphCommand implements Action {
    @Reference(optional = true)
    TopologyController controller;

    @Argument(index = 0, name = "name", required = true, description = "the topology's name")
    String name;

    @Option(name = "--svg", description = "write SVG to this file (drawn by Graphviz's dot) instead of printing DOT")
    @Completion(FileCompleter.class)
    String svg;

    @Override
    public Object execute() throws IOException {
        TopologyController c = TopologyText.require(controller);
        String graph = c.graph(name, svg == null ? GraphFormat.DOT : GraphFormat.SVG)
                .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no topology named " + name));
        if (svg == null) {
            System.out.print(graph);
        } else {
            Files.writeString(Path.of(svg), graph, StandardCharsets.UTF_8);
            System.out.println(name + ": written to " + svg);
        }
        return null;
    }
}
