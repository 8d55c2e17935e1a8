package org.mobitopolo.shell.command;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.mobitopolo.api.platform.FeatureInfo;
import org.mobitopolo.api.platform.PluginCatalog;
import org.mobitopolo.api.platform.PluginInfo;
import org.mobitopolo.api.platform.SpiInfo;

/** {@code mobi:bundles}: which implementation of each SPI is active, and which features can be swapped. */
@Service
@Command(scope = "mobi", name = "bundles",
        description = "Lists each SPI with its active implementations, and the Mobitopolo features with their state")
public class BundlesCommand implements Action {
    @Reference
    PluginCatalog catalog;

    @Override
    public Object execute() {
        PrintStream out = System.out;
        ShellTable plugins = new ShellTable();
        plugins.column("SPI");
        plugins.column("Implementation");
        plugins.column("Bundle");
        plugins.column("ID").alignRight();
        plugins.column("Version");
        for (SpiInfo spi : catalog.spis()) {
            if (spi.implementations().isEmpty()) {
                plugins.addRow().addContent(spi.spi(), "(none active)", "", "", "");
            }
            for (PluginInfo p : spi.implementations()) {
                plugins.addRow().addContent(spi.spi(), p.name(), p.bundle(), p.bundleId(), p.version());
            }
        }
        plugins.print(out);
        out.println();

        ShellTable features = new ShellTable();
        features.column("Feature");
        features.column("Version");
        features.column("Installed");
        features.column("Description");
        for (FeatureInfo f : catalog.features()) {
            features.addRow().addContent(f.name(), f.version(), f.installed() ? "yes" : "no",
                    f.description() + (f.core() ? " (core)" : ""));
        }
        features.print(out);
        return null;
    }
}
