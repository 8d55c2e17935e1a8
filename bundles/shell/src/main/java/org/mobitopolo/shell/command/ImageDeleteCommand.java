package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.image.Images;
import org.mobitopolo.api.platform.PlatformException;

/** {@code mobi:image-delete}: deletes an image no VM or snapshot is made from. */
@Service
@Command(scope = "mobi", name = "image-delete", description = "Deletes an image of the library; refused while a VM or snapshot is made from it")
public class ImageDeleteCommand implements Action {
    @Reference(optional = true)
    Images images;

    @Argument(index = 0, name = "image", required = true, description = "the image's name")
    @Completion(ImageNameCompleter.class)
    String image;

    @Override
    public Object execute() {
        PlatformException.requirePlugin(images, "image library", "mobitopolo-images").delete(image);
        System.out.println(image + ": deleted");
        return null;
    }
}
