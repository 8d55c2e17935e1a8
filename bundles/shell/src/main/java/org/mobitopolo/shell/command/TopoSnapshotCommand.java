package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.topology.TopologyController;
import org.mobitopolo.api.topology.TopologyRun;

@Service
@Command(scope = "mobi", name = "topo-snapshot", description = "Takes a distributed snapshot of a topology, one consistent cut: "
        + "every running node frozen, then each copied on its host, then all resumed, printing each step; a file with "
        + "'from-snapshot: NAME' deploys it again")
public class TopoSnapshotCommand extends TopologyRunCommand {
    @Argument(index = 0, name = "topology", required = true, description = "the topology's name")
    String topology;

    @Argument(index = 1, name = "name", required = true, description = "the snapshot's name (1-31 lower-case letters, digits, dashes)")
    String name;

    @Override
    TopologyRun start(TopologyController c) {
        return c.snapshot(topology, name);
    }
}
