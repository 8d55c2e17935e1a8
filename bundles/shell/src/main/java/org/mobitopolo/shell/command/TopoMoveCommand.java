package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.topology.TopologyController;
import org.mobitopolo.api.topology.TopologyRun;

@Service
@Command(scope = "mobi", name = "topo-move", description = "Moves a topology's node to another of its hosts (QEMU live, "
        + "UML by restart), its networks and tunnels made there first; the file is not changed")
public class TopoMoveCommand extends TopologyRunCommand {
    @Argument(index = 0, name = "topology", required = true, description = "the topology's name")
    String topology;

    @Argument(index = 1, name = "node", required = true, description = "the node to move")
    String node;

    @Argument(index = 2, name = "host", required = true, description = "the topology's name for the host to move it to")
    String host;

    @Override
    TopologyRun start(TopologyController c) {
        return c.move(topology, node, host);
    }
}
