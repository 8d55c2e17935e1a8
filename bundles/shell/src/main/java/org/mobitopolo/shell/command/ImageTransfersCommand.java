package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.transfer.ImageTransfers;

/** {@code mobi:image-transfers}: the images this runtime fetched or is fetching, and how far each got. */
@Service
@Command(scope = "mobi", name = "image-transfers", description = "Lists the image transfers since this runtime "
        + "started: state, bytes done of total, received and reused, error")
public class ImageTransfersCommand implements Action {
    @Reference(optional = true)
    ImageTransfers transfers;

    @Override
    public Object execute() {
        SnapshotTransfersCommand.print("Image", PlatformException.requirePlugin(transfers, "image transfer", "mobitopolo-transfer").list());
        return null;
    }
}
