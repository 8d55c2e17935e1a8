package org.mobitopolo.store.internal;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The platform's data source, with what the user needs told when it fails. */
final class Database {
    private final DataSource dataSource;
    private final String url;

    /**
     * @param url the JDBC URL the data source was configured with, or {@code null} when unknown
     */
    Database(DataSource dataSource, String url) {
        this.dataSource = requireNonNull(dataSource);
        this.url = url;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Opens a connection, telling the user why when the database is not there or refuses us. */
    Connection connect() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw Failures.unreachable(url, e);
        }
    }

    Dialect dialect() {
        try (Connection c = connect()) {
            return Dialect.of(c.getMetaData());
        } catch (SQLException e) {
            throw Failures.unreachable(url, e);
        }
    }

    /**
     * The URL to show, without password: as configured, since PostgreSQL's driver reports it with
     * every property it defaulted appended.
     */
    String shownUrl(DatabaseMetaData md) throws SQLException {
        return JdbcUrls.withoutPassword(url == null ? md.getURL() : url);
    }
}
