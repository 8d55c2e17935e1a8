package org.mobitopolo.shell.command;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.store.Store;
import org.mobitopolo.api.store.StoreInfo;
import org.mobitopolo.api.store.StoreInstance;
import org.mobitopolo.api.store.StoreMigration;
import org.mobitopolo.api.store.StoreModule;

/** {@code mobi:store-info}: the platform's database, each module's applied migrations, the runtimes that used it. */
@Service
@Command(scope = "mobi", name = "store-info",
        description = "Shows the platform's database, the migrations applied to each module's schema, and the runtimes using it")
public class StoreInfoCommand implements Action {
    @Reference(optional = true)
    Store store;

    @Override
    public Object execute() {
        StoreInfo s = PlatformException.requirePlugin(store, "store", "mobitopolo-store").info();
        PrintStream out = System.out;
        out.printf("Database    %s %s%n", s.database(), s.databaseVersion());
        out.printf("URL         %s%n", s.url());
        out.printf("User        %s%n", s.user());
        out.println();

        ShellTable migrations = new ShellTable();
        migrations.column("Module");
        migrations.column("Version");
        migrations.column("Script");
        migrations.column("Applied");
        migrations.column("Time").alignRight();
        migrations.column("Result");
        for (StoreModule m : s.modules()) {
            if (m.migrations().isEmpty()) {
                migrations.addRow().addContent(m.module(), "-", "(no migration yet)", "", "", "");
            }
            for (StoreMigration g : m.migrations()) {
                migrations.addRow().addContent(m.module(), g.version() == null ? "-" : g.version(), g.script(),
                        seconds(g.installedAtMillis()), g.executionMillis() + " ms", g.success() ? "ok" : "FAILED");
            }
        }
        migrations.print(out);
        out.println();

        ShellTable instances = new ShellTable();
        instances.column("Runtime");
        instances.column("Name");
        instances.column("Host");
        instances.column("First started");
        instances.column("Last started");
        instances.column("Starts").alignRight();
        for (StoreInstance i : s.instances()) {
            instances.addRow().addContent(i.id() + (i.id().equals(s.instance()) ? " (this one)" : ""), i.name(), i.host(),
                    seconds(i.firstStartedMillis()), seconds(i.lastStartedMillis()), i.starts());
        }
        instances.print(out);
        return null;
    }

    private static Instant seconds(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS);
    }
}
