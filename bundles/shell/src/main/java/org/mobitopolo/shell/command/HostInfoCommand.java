package org.mobitopolo.shell.command;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.mobitopolo.api.host.DefaultRoute;
import org.mobitopolo.api.host.HostFacts;
import org.mobitopolo.api.host.HostInfo;
import org.mobitopolo.api.host.HypervisorSupport;
import org.mobitopolo.api.host.NetInterface;
import org.mobitopolo.api.platform.PlatformException;

/** {@code mobi:host-info}: the host's default route and MTU, interfaces, resources and hypervisors. */
@Service
@Command(scope = "mobi", name = "host-info",
        description = "Shows this host's default route and its MTU, interfaces, CPUs, memory and usable hypervisors")
public class HostInfoCommand implements Action {
    @Reference(optional = true)
    HostFacts hostFacts;

    @Override
    public Object execute() {
        HostInfo h = PlatformException.requirePlugin(hostFacts, "host facts", "mobitopolo-host").read();
        PrintStream out = System.out;
        out.printf("Host        %s (%s)%n", h.hostname(), h.os());
        out.printf("Resources   %d CPUs, %s memory, %s available%n", h.cpus(), Units.bytes(h.memoryTotalBytes()),
                Units.bytes(h.memoryAvailableBytes()));
        if (h.cpuBusyPercent() >= 0 && h.loadAverage().size() == 3) {
            out.printf(java.util.Locale.ROOT, "CPU         %.0f %% busy, load %.2f %.2f %.2f%n", h.cpuBusyPercent(),
                    h.loadAverage().get(0), h.loadAverage().get(1), h.loadAverage().get(2));
        }
        DefaultRoute r = h.defaultRoute();
        out.println(r == null ? "Default     no default route"
                : String.format("Default     via %s dev %s mtu %d %s", r.gateway(), r.interfaceName(), r.mtu(),
                        String.join(" ", r.addresses())));
        out.println();

        ShellTable interfaces = new ShellTable();
        interfaces.column("Interface");
        interfaces.column("MTU").alignRight();
        interfaces.column("State");
        interfaces.column("MAC");
        interfaces.column("Addresses");
        for (NetInterface i : h.interfaces()) {
            interfaces.addRow().addContent(i.name(), i.mtu(), i.up() ? "up" : "down", i.mac(),
                    String.join(" ", i.addresses()));
        }
        interfaces.print(out);
        out.println();

        ShellTable hypervisors = new ShellTable();
        hypervisors.column("Hypervisor");
        hypervisors.column("Usable");
        hypervisors.column("Binary");
        hypervisors.column("Version");
        hypervisors.column("Detail");
        for (HypervisorSupport s : h.hypervisors()) {
            hypervisors.addRow().addContent(s.type(), s.usable() ? "yes" : "no", s.binary(), s.version(), s.detail());
        }
        hypervisors.print(out);
        return null;
    }
}
