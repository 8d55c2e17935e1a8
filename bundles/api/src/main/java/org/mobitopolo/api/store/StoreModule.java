package org.mobitopolo.api.store;

import java.util.List;

/**
 * A module's schema and the migrations applied to it.
 *
 * @param module the module's name
 * @param schema the schema its tables live in, as the database spells it
 * @param version the version of its latest successful migration, or {@code null} when none has run
 * @param migrations its migrations in the order they were applied
 */
public record StoreModule(String module, String schema, String version, List<StoreMigration> migrations) {
    public StoreModule {
        migrations = List.copyOf(migrations);
    }
}
