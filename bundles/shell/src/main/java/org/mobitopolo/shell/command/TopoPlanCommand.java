package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.mobitopolo.api.topology.TopologyController;

@Service
@Command(scope = "mobi", name = "topo-plan", description = "Shows what deploying a topology file would do, on which host, "
        + "touching nothing")
public class TopoPlanCommand implements Action {
    @Reference(optional = true)
    TopologyController controller;

    @Argument(index = 0, name = "file", required = true, description = "the topology file (YAML or JSON)")
    @Completion(FileCompleter.class)
    String file;

    @Override
    public Object execute() {
        TopologyText.print(TopologyText.require(controller).plan(TopologyText.read(file)));
        return null;
    }
}
