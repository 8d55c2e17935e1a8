package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.mobitopolo.api.topology.TopologyController;
import org.mobitopolo.api.topology.TopologyRun;

@Service
@Command(scope = "mobi", name = "topo-deploy", description = "Deploys a topology file: makes only what differs from what "
        + "exists (the same file again changes nothing), printing each step; a failed deploy goes on from where it stopped "
        + "when run again")
public class TopoDeployCommand extends TopologyRunCommand {
    @Argument(index = 0, name = "file", required = true, description = "the topology file (YAML or JSON)")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "-n", aliases = "--dry-run", description = "print the plan only, as mobi:topo-plan")
    boolean dryRun;

    @Override
    public Object execute() throws InterruptedException {
        if (!dryRun) {
            return super.execute();
        }
        TopologyText.print(TopologyText.require(controller).plan(TopologyText.read(file)));
        return null;
    }

    @Override
    TopologyRun start(TopologyController c) {
        return c.deploy(TopologyText.read(file));
    }
}
