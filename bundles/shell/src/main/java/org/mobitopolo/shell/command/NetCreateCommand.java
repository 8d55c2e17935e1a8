package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.net.NetworkInfo;
import org.mobitopolo.api.netservices.NetworkServices;
import org.mobitopolo.api.netservices.ServiceInfo;
import org.mobitopolo.api.netservices.ServiceSpec;

/** {@code mobi:net-create}: a new virtual LAN. */
@Service
@Command(scope = "mobi", name = "net-create", description = "Creates a virtual network, with DHCP and DNS if asked; VMs join it "
        + "with --nic MAC@NAME")
public class NetCreateCommand extends NetCommand {
    @Argument(index = 0, name = "name", required = true, description = "lower-case letters, digits, dashes")
    String name;

    @Option(name = "--subnet", description = "the network's IPv4 subnet, e.g. 10.1.0.0/24: the network gets an address of its own "
            + "there, answering ARP and ping")
    String subnet;

    @Option(name = "--gateway", description = "the network's own address (DHCP server, DNS); default the subnet's first")
    String gateway;

    @Option(name = "--router", description = "the default route DHCP gives, e.g. a router VM's address")
    String router;

    @Option(name = "--dhcp", description = "serve DHCP from the subnet")
    boolean dhcp;

    @Option(name = "--dns", description = "serve this DNS zone of the VMs' names, e.g. site-a.mobi")
    String zone;

    @Override
    public Object execute() {
        if (subnet == null && (gateway != null || router != null || dhcp || zone != null)) {
            System.out.println("--gateway, --router, --dhcp and --dns need --subnet");
            return null;
        }
        NetworkServices services = subnet == null ? null : services(); // before the network: nothing half made
        NetworkInfo n = sw().createNetwork(name);
        System.out.println(n.name() + ": created, VNI " + n.vni());
        if (services != null) {
            ServiceInfo s;
            try {
                s = services.configure(name, new ServiceSpec(subnet, gateway, router, dhcp, zone));
            } catch (RuntimeException e) {
                sw().deleteNetwork(name);
                throw e;
            }
            System.out.println(n.name() + ": " + NetListCommand.describe(s));
        }
        return null;
    }
}
