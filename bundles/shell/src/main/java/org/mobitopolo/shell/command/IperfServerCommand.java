package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.bench.BandwidthServer;
import org.mobitopolo.api.bench.ServedTest;
import org.mobitopolo.api.bench.ServerStatus;
import org.mobitopolo.api.platform.PlatformException;

/** {@code mobi:iperf-server}: starts, stops or shows this host's iperf3 server. */
@Service
@Command(scope = "mobi", name = "iperf-server", description = "Starts this host's iperf3-compatible server (any "
        + "iperf3 client can test against it), or stops it, or shows what it served")
public class IperfServerCommand implements Action {
    @Reference(optional = true)
    BandwidthServer server;

    @Option(name = "-p", aliases = "--port", description = "port for TCP and UDP")
    int port = 5201;

    @Option(name = "-B", aliases = "--bind", description = "address to listen on")
    String address = "0.0.0.0";

    @Option(name = "--stop", description = "stop the server; tests in flight end")
    boolean stop;

    @Option(name = "--status", description = "only show the server's state and latest tests")
    boolean status;

    @Override
    public Object execute() {
        BandwidthServer s = PlatformException.requirePlugin(server, "bandwidth server", "mobitopolo-bench-iperf");
        ServerStatus st = stop ? s.stop() : status ? s.status() : s.start(address, port);
        System.out.println(st.running() ? "iperf3 server listening on " + st.address() + ":" + st.port() : "iperf3 server stopped");
        System.out.printf("%d tests served, %d failed, %d malformed connections%n", st.testsServed(), st.testsFailed(),
                st.malformed());
        for (ServedTest t : st.recent()) {
            System.out.printf("  %s %s%s x%d: %s in %.1f s, %s%n", t.client(), t.udp() ? "UDP" : "TCP",
                    t.reverse() ? " reverse" : "", t.streams(), Units.transfer(t.bytes()), t.seconds(), t.outcome());
        }
        return null;
    }
}
