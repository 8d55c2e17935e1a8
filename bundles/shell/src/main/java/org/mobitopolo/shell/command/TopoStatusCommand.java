package org.mobitopolo.shell.command;

import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.topology.TopologyController;
import org.mobitopolo.api.topology.TopologyRun;
import org.mobitopolo.api.topology.TopologyStatus;

@Service
@Command(scope = "mobi", name = "topo-status", description = "Shows where a topology's nodes run, what it has on each host, "
        + "and its last run step by step")
public class TopoStatusCommand implements Action {
    @Reference(optional = true)
    TopologyController controller;

    @Argument(index = 0, name = "name", required = true, description = "the topology's name")
    String name;

    @Override
    public Object execute() {
        TopologyStatus s = TopologyText.require(controller).get(name)
                .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no topology named " + name));
        System.out.println(s.name() + ":");
        new TreeMap<>(s.deployment().hosts()).forEach((host, d) -> System.out.printf("  %s: VMs %s, networks %s, tunnels to %s%n",
                host, new TreeSet<>(d.vms().keySet()), new TreeSet<>(d.networks()),
                new TreeSet<>(d.tunnels().keySet())));
        TopologyRun r = s.lastRun();
        if (r != null) {
            System.out.println("  last run " + r.id() + " (" + r.action().name().toLowerCase() + "): " + r.state().name().toLowerCase()
                    + ", " + r.summary() + (r.error().isEmpty() ? "" : ": " + r.error()));
            r.steps().forEach(step -> System.out.println("    " + TopologyText.line(step)));
        }
        return null;
    }
}
