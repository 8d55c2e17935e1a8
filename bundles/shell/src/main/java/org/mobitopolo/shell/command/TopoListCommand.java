package org.mobitopolo.shell.command;

import java.time.Instant;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.mobitopolo.api.topology.TopologyController;
import org.mobitopolo.api.topology.TopologyRun;
import org.mobitopolo.api.topology.TopologyStatus;

@Service
@Command(scope = "mobi", name = "topo-list", description = "Lists the topologies the controller knows: nodes, hosts, last run")
public class TopoListCommand implements Action {
    @Reference(optional = true)
    TopologyController controller;

    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        t.column("Topology");
        t.column("Nodes").alignRight();
        t.column("Hosts");
        t.column("Last run");
        t.column("State");
        t.column("Started");
        for (TopologyStatus s : TopologyText.require(controller).list()) {
            TopologyRun r = s.lastRun();
            t.addRow().addContent(s.name(), s.placement().size(), String.join(",", new TreeSet<>(s.placement().values())),
                    r == null ? "" : r.action().name().toLowerCase(), r == null ? "" : r.state().name().toLowerCase(),
                    r == null ? "" : Instant.ofEpochMilli(r.startedMillis()));
        }
        t.print(System.out);
        return null;
    }
}
