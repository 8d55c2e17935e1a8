package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.topology.TopologyController;

@Service
@Command(scope = "mobi", name = "topo-snapshot-delete", description = "Deletes a distributed snapshot and its VM snapshots on "
        + "their hosts; topologies made from it keep running")
public class TopoSnapshotDeleteCommand implements Action {
    @Reference(optional = true)
    TopologyController controller;

    @Argument(index = 0, name = "name", required = true, description = "the distributed snapshot's name")
    String name;

    @Override
    public Object execute() {
        TopologyText.require(controller).deleteSnapshot(name);
        System.out.println("Deleted distributed snapshot " + name);
        return null;
    }
}
