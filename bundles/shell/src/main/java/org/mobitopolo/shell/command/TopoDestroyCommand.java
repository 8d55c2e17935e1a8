package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.topology.TopologyController;

@Service
@Command(scope = "mobi", name = "topo-destroy", description = "Removes a topology's VMs, tunnels and networks from every "
        + "host; what an unreachable host keeps is named, and a later destroy removes it")
public class TopoDestroyCommand implements Action {
    @Reference(optional = true)
    TopologyController controller;

    @Argument(index = 0, name = "name", required = true, description = "the topology's name")
    String name;

    @Option(name = "--no-wait", description = "return once the run has started")
    boolean noWait;

    @Override
    public Object execute() throws InterruptedException {
        TopologyController c = TopologyText.require(controller);
        TopologyText.follow(c, c.destroy(name), !noWait);
        return null;
    }
}
