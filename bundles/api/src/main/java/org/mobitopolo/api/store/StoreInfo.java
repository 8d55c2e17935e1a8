package org.mobitopolo.api.store;

import java.util.List;

/**
 * The platform's database as the store sees it now.
 *
 * @param database the database product, e.g. {@code H2} or {@code PostgreSQL}
 * @param databaseVersion the product's version as the database reports it
 * @param url the JDBC URL, with any password in it removed
 * @param user the database user the store connects as
 * @param instance the id of this runtime among {@code instances}
 * @param modules every module with a schema in the database, ordered by name
 * @param instances every runtime that has used the database, latest start first
 */
public record StoreInfo(
        String database,
        String databaseVersion,
        String url,
        String user,
        String instance,
        List<StoreModule> modules,
        List<StoreInstance> instances) {

    public StoreInfo {
        modules = List.copyOf(modules);
        instances = List.copyOf(instances);
    }
}
