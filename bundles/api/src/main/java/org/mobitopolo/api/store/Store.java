package org.mobitopolo.api.store;

import javax.sql.DataSource;
import org.mobitopolo.api.platform.PlatformException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's database. A module that keeps state calls {@link #migrate} once when it
 * activates, then works through {@link #dataSource()} on the tables its migrations made.
 *
 * <p>Every method fails with a {@link PlatformException} of code {@code UNAVAILABLE}, whose
 * message says why, while the database cannot be reached; a later call tries again.
 */
@ProviderType
public interface Store {
    /**
     * The platform's pooled data source. Each connection is the caller's to close (use
     * try-with-resources). A module's tables are in the schema of the module's name: query them as
     * {@code module.table}.
     */
    DataSource dataSource();

    /**
     * Brings a module's schema up to date: runs, in version order, the migrations
     * {@code db/migration/<module>/V<version>__<description>.sql} that {@code loader} finds and that
     * the module's schema has not had yet. The migrations create their tables unqualified; they
     * land in the schema named after the module, which is created when missing, and which keeps its
     * own history of applied migrations. Calling it again changes nothing. Runtimes sharing one
     * database may migrate at the same time: one applies each migration, the others wait for it.
     *
     * @param module the module's name: a lowercase letter, then lowercase letters, digits or
     *     {@code _}, at most 30 in all, not an SQL reserved word, not {@code store} (the store's own)
     *     (e.g. {@code audit})
     * @param loader the class loader that sees the module's migrations: in OSGi, its bundle's
     * @return how many migrations this call applied; 0 when the schema was up to date
     * @throws PlatformException {@code BAD_REQUEST} for an invalid module name, {@code FAILED}
     *     when the module has no migrations or one of them fails (the failed migration is rolled
     *     back where the database can), {@code UNAVAILABLE} when the database cannot be reached
     */
    int migrate(String module, ClassLoader loader);

    /**
     * What the store holds: the database behind it, every module's applied migrations and every
     * runtime that has used it.
     */
    StoreInfo info();
}
