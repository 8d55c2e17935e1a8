package org.mobitopolo.shell.command;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.transfer.SnapshotTransfers;
import org.mobitopolo.api.transfer.TransferInfo;

/** {@code mobi:snapshot-fetch NAME URL}: fetches a snapshot from another host, printing its progress every second. */
@Service
@Command(scope = "mobi", name = "snapshot-fetch", description = "Fetches a snapshot (and its base image) from another "
        + "Mobitopolo host, resuming what an earlier attempt left; nothing is fetched that is here already")
public class SnapshotFetchCommand implements Action {
    @Reference(optional = true)
    SnapshotTransfers transfers;

    @Argument(index = 0, name = "snapshot", required = true, description = "the snapshot's name")
    String snapshot;

    @Argument(index = 1, name = "from", required = true, description = "the host that has it, e.g. http://10.0.0.1:8181")
    String from;

    @Option(name = "--rate", description = "the most to receive per second, in bytes with an optional K, M or G, e.g. 4M; "
            + "no limit by default")
    String rate = "0";

    @Override
    public Object execute() throws InterruptedException {
        SnapshotTransfers t = PlatformException.requirePlugin(transfers, "snapshot transfer", "mobitopolo-transfer");
        return follow(t.fetch(snapshot, Urls.parse(from), ProxyStartCommand.bytes(rate)).toCompletableFuture(),
                () -> t.get(snapshot), snapshot, from, "mobi:snapshot-transfers");
    }

    /** Waits for a transfer, printing its progress every second; an interrupt leaves it running. */
    static Object follow(CompletableFuture<TransferInfo> done, Supplier<Optional<TransferInfo>> now, String name, String from,
            String lister) throws InterruptedException {
        while (true) {
            try {
                TransferInfo i = done.get(1, TimeUnit.SECONDS);
                System.out.println(i.totalBytes() == 0 && i.receivedBytes() == 0 ? name + ": here already, nothing fetched"
                        : String.format("%s: fetched from %s in %.1f s, %s received, %s reused", name, from,
                                (i.finishedMillis() - i.startedMillis()) / 1e3, Units.bytes(i.receivedBytes()),
                                Units.bytes(i.reusedBytes())));
                return null;
            } catch (TimeoutException e) {
                now.get().ifPresent(i -> System.out.println(progress(i, System.currentTimeMillis())));
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                System.out.println(name + ": still fetching in the background; " + lister + " shows it");
                throw e;
            }
        }
    }

    /** A running transfer in one line: how much of the whole, at what rate. */
    static String progress(TransferInfo i, long nowMillis) {
        double seconds = Math.max(1e-3, (nowMillis - i.startedMillis()) / 1e3);
        return String.format("%s: %s of %s (%d%%), %s received at %s/s, %s reused", i.name(), Units.bytes(i.doneBytes()),
                Units.bytes(i.totalBytes()), i.totalBytes() == 0 ? 0 : i.doneBytes() * 100 / i.totalBytes(),
                Units.bytes(i.receivedBytes()), Units.bytes((long) (i.receivedBytes() / seconds)), Units.bytes(i.reusedBytes()));
    }
}
