package org.mobitopolo.store.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import org.mobitopolo.api.store.StoreInfo;
import org.mobitopolo.api.store.StoreMigration;
import org.mobitopolo.api.store.StoreModule;

/**
 * What the database holds, read from the database itself rather than from what this runtime has
 * migrated: a module is any schema with a Flyway history table, so modules migrated by other runtimes
 * sharing the database, or by other versions, show too.
 */
final class Catalog {
    private static final Set<String> BOOKKEEPING = Set.of("TABLE", "SCHEMA");
    private final Database database;
    private final Instances instances;

    Catalog(Database database, Instances instances) {
        this.database = database;
        this.instances = instances;
    }

    StoreInfo read(String instance) {
        try (Connection c = database.connect()) {
            DatabaseMetaData md = c.getMetaData();
            Dialect dialect = Dialect.of(md);
            List<StoreModule> modules = new ArrayList<>();
            for (String schema : historySchemas(md)) {
                modules.add(module(c, dialect, schema));
            }
            return new StoreInfo(md.getDatabaseProductName(), md.getDatabaseProductVersion(), database.shownUrl(md),
                    md.getUserName(), instance, modules, instances.list(c));
        } catch (SQLException e) {
            throw Failures.query("read the store", e);
        }
    }

    /** Schemas holding a history table, by module name. */
    private static List<String> historySchemas(DatabaseMetaData md) throws SQLException {
        TreeMap<String, String> byModule = new TreeMap<>();
        try (ResultSet tables = md.getTables(null, null, Dialect.HISTORY_TABLE, new String[] {"TABLE"})) {
            while (tables.next()) {
                // the pattern's '_' matches any character: keep the exact name only
                if (Dialect.HISTORY_TABLE.equals(tables.getString("TABLE_NAME"))) {
                    String schema = tables.getString("TABLE_SCHEM");
                    byModule.put(schema.toLowerCase(Locale.ROOT), schema);
                }
            }
        }
        return List.copyOf(byModule.values());
    }

    private static StoreModule module(Connection c, Dialect d, String schema) throws SQLException {
        String[] columns = {"version", "description", "script", "installed_on", "execution_time", "success", "type"};
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.length; i++) {
            sql.append(i == 0 ? "" : ", ").append(d.quoted(columns[i]));
        }
        sql.append(" FROM ").append(d.quoted(schema)).append('.').append(d.quoted(Dialect.HISTORY_TABLE))
                .append(" ORDER BY ").append(d.quoted("installed_rank"));
        List<StoreMigration> applied = new ArrayList<>();
        String version = null;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
            while (rs.next()) {
                // Flyway's own rows ("history table created", "schema created") are bookkeeping, not migrations.
                if (BOOKKEEPING.contains(rs.getString(7))) {
                    continue;
                }
                StoreMigration m = new StoreMigration(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).getTime(), rs.getLong(5), rs.getBoolean(6));
                applied.add(m);
                if (m.success() && m.version() != null) {
                    version = m.version();
                }
            }
        }
        return new StoreModule(schema.toLowerCase(Locale.ROOT), schema, version, applied);
    }
}
