package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.topology.TopologyController;
import org.mobitopolo.api.topology.TopologyRun;

@Service
@Command(scope = "mobi", name = "topo-destroy", description = "Removes a topology's VMs, tunnels and networks from every "
        + "host; what an unreachable host keeps is named, and a later destroy removes it")
public class TopoDestroyCommand extends TopologyRunCommand {
    @Argument(index = 0, name = "name", required = true, description = "the topology's name")
    String name;

    @Override
    TopologyRun start(TopologyController c) {
        return c.destroy(name);
    }
}
