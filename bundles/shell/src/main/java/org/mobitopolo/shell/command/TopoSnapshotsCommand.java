package org.mobitopolo.shell.command;

import java.time.Instant;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.mobitopolo.api.topology.TopologyController;
import org.mobitopolo.api.topology.TopologySnapshot;

@Service
@Command(scope = "mobi", name = "topo-snapshots", description = "Lists the distributed snapshots: topology, nodes, hosts, when taken")
public class TopoSnapshotsCommand implements Action {
    @Reference(optional = true)
    TopologyController controller;

    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        t.column("Snapshot");
        t.column("Topology");
        t.column("Nodes").alignRight();
        t.column("Hosts");
        t.column("Taken");
        for (TopologySnapshot s : TopologyText.require(controller).snapshots()) {
            TreeSet<String> hosts = new TreeSet<>();
            s.nodes().values().forEach(n -> hosts.add(n.host()));
            t.addRow().addContent(s.name(), s.topology(), s.nodes().size(), String.join(",", hosts),
                    Instant.ofEpochMilli(s.createdAtMillis()));
        }
        t.print(System.out);
        return null;
    }
}
