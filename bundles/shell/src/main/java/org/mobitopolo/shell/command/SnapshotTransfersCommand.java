package org.mobitopolo.shell.command;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.transfer.SnapshotTransfers;
import org.mobitopolo.api.transfer.TransferInfo;

/** {@code mobi:snapshot-transfers}: the snapshots this runtime fetched or is fetching, and how far each got. */
@Service
@Command(scope = "mobi", name = "snapshot-transfers", description = "Lists the snapshot transfers since this runtime "
        + "started: state, bytes done of total, received and reused, error")
public class SnapshotTransfersCommand implements Action {
    @Reference(optional = true)
    SnapshotTransfers transfers;

    @Override
    public Object execute() {
        print("Snapshot", PlatformException.requirePlugin(transfers, "snapshot transfer", "mobitopolo-transfer").list());
        return null;
    }

    /** The transfers as a table, the first column named {@code what}. */
    static void print(String what, List<TransferInfo> transfers) {
        ShellTable t = new ShellTable();
        t.column(what);
        t.column("From");
        t.column("State");
        t.column("Done").alignRight();
        t.column("Total").alignRight();
        t.column("Received").alignRight();
        t.column("Reused").alignRight();
        t.column("Started");
        t.column("Error");
        for (TransferInfo i : transfers) {
            t.addRow().addContent(i.name(), i.from(), i.state(), Units.bytes(i.doneBytes()), Units.bytes(i.totalBytes()),
                    Units.bytes(i.receivedBytes()), Units.bytes(i.reusedBytes()),
                    Instant.ofEpochMilli(i.startedMillis()).truncatedTo(ChronoUnit.SECONDS), i.error());
        }
        t.print(System.out);
    }
}
