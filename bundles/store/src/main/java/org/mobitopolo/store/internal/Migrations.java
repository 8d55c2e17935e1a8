package org.mobitopolo.store.internal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Optional;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each module's schema brought up to date by Flyway: the module's scripts, found through its own
 * class loader (a bundle's are listed by the bundle itself: {@link BundleMigrations}), applied to a
 * schema of its name that holds its own history table. Flyway locks that table for the whole run
 * (on PostgreSQL with an advisory lock, and creating a missing schema is retried when another
 * runtime wins the race), so runtimes migrating one database at once apply each script once; the
 * others wait, then find nothing left to do.
 */
final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final Pattern MODULE = Pattern.compile("[a-z][a-z0-9_]{0,29}");

    private final Database database;

    Migrations(Database database) {
        this.database = requireNonNull(database);
    }

    int migrate(String module, ClassLoader loader) {
        requireModuleName(module);
        requireNonNull(loader, "loader");
        String location = "db/migration/" + module;
        Optional<BundleMigrations> inBundle = BundleMigrations.of(loader, location);
        if (inBundle.map(BundleMigrations::isEmpty).orElseGet(() -> !hasResources(loader, location))) {
            throw new PlatformException(ErrorCode.FAILED, "module " + module + " has no migrations: " + location
                    + "/ is not on its class path");
        }
        FluentConfiguration config = Flyway.configure(loader)
                .dataSource(database.dataSource())
                .schemas(database.dialect().schemaOf(module))
                .createSchemas(true)
                .locations("classpath:" + location)
                // A script named against the convention would be skipped in silence otherwise.
                .validateMigrationNaming(true)
                // through SLF4J, whatever the module's class loader sees
                .loggers("slf4j");
        // SQL scripts only: nothing is left for Flyway to scan in a bundle
        inBundle.ifPresent(scripts -> config.resourceProvider(scripts).javaMigrationClassProvider(Collections::emptyList));
        MigrateResult result;
        try {
            result = config.load().migrate();
        } catch (FlywayException e) {
            throw Failures.migration(module, e);
        }
        if (result.migrationsExecuted > 0) {
            LOG.info("Store: module {} migrated to version {} ({} migrations)", module, result.targetSchemaVersion,
                    result.migrationsExecuted);
        } else {
            LOG.debug("Store: module {} is up to date", module);
        }
        return result.migrationsExecuted;
    }

    static void requireModuleName(String module) {
        if (module == null || !MODULE.matcher(module).matches()) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "invalid module name " + (module == null ? "null" : "'" + module + "'")
                    + ": a lowercase letter, then lowercase letters, digits or _, at most 30 in all");
        }
    }

    private static boolean hasResources(ClassLoader loader, String path) {
        try {
            return loader.getResources(path).hasMoreElements();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
