package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.mobitopolo.api.topology.TopologyController;
import org.mobitopolo.api.topology.TopologyRun;

/** A command that starts a topology run and prints its steps as they end, unless told not to wait. */
public abstract class TopologyRunCommand implements Action {
    @Reference(optional = true)
    TopologyController controller;

    @Option(name = "--no-wait", description = "return once the run has started (mobi:topo-status follows it)")
    boolean noWait;

    /** Starts the run. */
    abstract TopologyRun start(TopologyController c);

    @Override
    public Object execute() throws InterruptedException {
        TopologyController c = TopologyText.require(controller);
        TopologyText.follow(c, start(c), !noWait);
        return null;
    }
}
