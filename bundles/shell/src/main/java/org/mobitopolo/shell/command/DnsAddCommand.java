package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.netservices.DnsRecord;

/** {@code mobi:dns-add}: a static address record. */
@Service
@Command(scope = "mobi", name = "dns-add", description = "Adds or replaces a static address record in a zone")
public class DnsAddCommand extends NetCommand {
    @Argument(index = 0, name = "zone", required = true, description = "a zone a network serves")
    String zone;

    @Argument(index = 1, name = "name", required = true, description = "relative to the zone (db) or fully qualified")
    String name;

    @Argument(index = 2, name = "address", required = true, description = "an IPv4 address")
    String address;

    @Override
    public Object execute() {
        DnsRecord r = services().putRecord(zone, name, address);
        System.out.println(r.name() + ": A " + r.address());
        return null;
    }
}
