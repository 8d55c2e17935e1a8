package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.transfer.ImageTransfers;

/** {@code mobi:image-fetch NAME URL}: fetches an image file from another host, printing its progress every second. */
@Service
@Command(scope = "mobi", name = "image-fetch", description = "Fetches an image of the image library from another "
        + "Mobitopolo host, resuming what an earlier attempt left; an image here already is not fetched")
public class ImageFetchCommand implements Action {
    @Reference(optional = true)
    ImageTransfers transfers;

    @Argument(index = 0, name = "image", required = true, description = "the image's name")
    String image;

    @Argument(index = 1, name = "from", required = true, description = "the host that has it, e.g. http://10.0.0.1:8181")
    String from;

    @Option(name = "--rate", description = "the most to receive per second, in bytes with an optional K, M or G, e.g. 4M; "
            + "no limit by default")
    String rate = "0";

    @Override
    public Object execute() throws InterruptedException {
        ImageTransfers t = PlatformException.requirePlugin(transfers, "image transfer", "mobitopolo-transfer");
        return SnapshotFetchCommand.follow(t.fetch(image, Urls.parse(from), ProxyStartCommand.bytes(rate)).toCompletableFuture(),
                () -> t.get(image), image, from, "mobi:image-transfers");
    }
}
