package org.mobitopolo.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.mobitopolo.api.image.Images;

/** Completes the names of the library's images. */
@Service
public class ImageNameCompleter implements Completer {
    @Reference(optional = true)
    Images images;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        if (images != null) {
            images.list().forEach(i -> names.getStrings().add(i.name()));
        }
        return names.complete(session, commandLine, candidates);
    }
}
