package org.mobitopolo.shell.command;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.mobitopolo.api.image.ImageInfo;
import org.mobitopolo.api.image.Images;
import org.mobitopolo.api.platform.PlatformException;

/** {@code mobi:image-list}: the image library, what {@code mobi:vm-create -i NAME} can be made from. */
@Service
@Command(scope = "mobi", name = "image-list", description = "Lists the images VMs can be made from, and where they are")
public class ImageListCommand implements Action {
    @Reference(optional = true)
    Images images;

    @Override
    public Object execute() {
        Images library = PlatformException.requirePlugin(images, "image library", "mobitopolo-images");
        ShellTable t = new ShellTable();
        t.column("Image");
        t.column("Kind");
        t.column("Size").alignRight();
        t.column("Modified");
        t.column("Directory");
        for (ImageInfo i : library.list()) {
            t.addRow().addContent(i.name(), i.kind().toString().toLowerCase(), Units.bytes(i.sizeBytes()),
                    Instant.ofEpochMilli(i.modifiedMillis()).truncatedTo(ChronoUnit.SECONDS), i.directory());
        }
        t.print(System.out);
        System.out.printf("Image directories %s; uploads (PUT /api/v1/images/NAME) go to the first, up to %s%n",
                library.directories(), Units.bytes(library.maxUploadBytes()));
        return null;
    }
}
