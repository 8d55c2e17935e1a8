package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.mobitopolo.api.netservices.DnsRecord;

/** {@code mobi:dns-records}: what a network's zone answers. */
@Service
@Command(scope = "mobi", name = "dns-records", description = "Lists a zone's address records: from leases, static, and updated")
public class DnsRecordsCommand extends NetCommand {
    @Argument(index = 0, name = "zone", required = true, description = "a zone a network serves, e.g. site-a.mobi")
    String zone;

    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        t.column("Name");
        t.column("Type");
        t.column("Address");
        t.column("TTL").alignRight();
        t.column("Source");
        for (DnsRecord r : services().records(zone)) {
            t.addRow().addContent(r.name(), r.type(), r.address(), r.ttl(), r.source());
        }
        t.print(System.out);
        return null;
    }
}
