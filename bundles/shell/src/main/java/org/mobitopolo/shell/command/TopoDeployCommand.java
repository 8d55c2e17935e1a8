package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.mobitopolo.api.topology.TopologyController;

@Service
@Command(scope = "mobi", name = "topo-deploy", description = "Deploys a topology file: makes only what differs from what "
        + "exists (the same file again changes nothing), printing each step; a failed deploy goes on from where it stopped "
        + "when run again")
public class TopoDeployCommand implements Action {
    @Reference(optional = true)
    TopologyController controller;

    @Argument(index = 0, name = "file", required = true, description = "the topology file (YAML or JSON)")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "-n", aliases = "--dry-run", description = "print the plan only, as mobi:topo-plan")
    boolean dryRun;

    @Option(name = "--no-wait", description = "return once the run has started (mobi:topo-status follows it)")
    boolean noWait;

    @Override
    public Object execute() throws InterruptedException {
        TopologyController c = TopologyText.require(controller);
        String text = TopologyText.read(file);
        if (dryRun) {
            TopologyText.print(c.plan(text));
        } else {
            TopologyText.follow(c, c.deploy(text), !noWait);
        }
        return null;
    }
}
