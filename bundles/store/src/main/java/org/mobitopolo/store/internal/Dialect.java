package org.mobitopolo.store.internal;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * How the database spells identifiers. A module's schema is created under the spelling the database
 * gives an unquoted name (H2: upper case, PostgreSQL: lower case), so that the module's own SQL can
 * name its tables {@code module.table} without quotes on either.
 */
record Dialect(boolean upperCase, String quote) {
    /** The table Flyway keeps a schema's applied migrations in (its default name). */
    static final String HISTORY_TABLE = "flyway_schema_history";

    static Dialect of(DatabaseMetaData metaData) throws SQLException {
        String quote = metaData.getIdentifierQuoteString();
        return new Dialect(metaData.storesUpperCaseIdentifiers(), quote == null || quote.isBlank() ? "" : quote.strip());
    }

    String schemaOf(String module) {
        return upperCase ? module.toUpperCase(Locale.ROOT) : module;
    }

    /** The identifier, quoted: Flyway creates its history table with quoted lower-case names. */
    String quoted(String identifier) {
        return quote + identifier.replace(quote, quote + quote) + quote;
    }
}
