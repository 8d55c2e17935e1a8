package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.net.TunnelInfo;
import org.mobitopolo.api.net.VirtualSwitch;

/** {@code mobi:net-tunnel-add}: a VXLAN tunnel to another host's switch, or re-points one. */
@Service
@Command(scope = "mobi", name = "net-tunnel-add", description = "Opens a VXLAN tunnel to another host's switch "
        + "(HOST:PORT, see mobi:net-tunnel-list there); with --repoint ID, points that tunnel there instead")
public class NetTunnelAddCommand extends NetCommand {
    @Argument(index = 0, name = "remote", required = true, description = "the other switch's VXLAN HOST:PORT")
    String remote;

    @Option(name = "--repoint", description = "the id of a tunnel to point at the new endpoint")
    String repoint;

    @Override
    public Object execute() {
        VirtualSwitch sw = sw();
        TunnelInfo t = repoint == null ? sw.addTunnel(Endpoint.parse(remote)) : sw.repointTunnel(repoint, Endpoint.parse(remote));
        System.out.println(t.id() + ": to " + t.remote());
        return null;
    }
}
