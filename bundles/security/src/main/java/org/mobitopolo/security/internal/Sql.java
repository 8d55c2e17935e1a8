package org.mobitopolo.security.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/** Single statements on the platform's store, failing as {@code UNAVAILABLE} with what could not be done. */
final class Sql {
    /** Reads one row of a result set. */
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final DataSource dataSource;

    Sql(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    <T> List<T> query(String what, RowReader<T> reader, String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = prepare(c, sql, params);
                ResultSet rs = s.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(reader.read(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    int update(String what, String sql, Object... params) {
        try (Connection c = dataSource.getConnection()) {
            // single statements: a pool handing out manual-commit connections would otherwise drop them
            c.setAutoCommit(true);
            try (PreparedStatement s = prepare(c, sql, params)) {
                return s.executeUpdate();
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
        return s;
    }

    private static PlatformException failure(String what, SQLException e) {
        return new PlatformException(ErrorCode.UNAVAILABLE, "could not " + what + " in the platform's store: " + e.getMessage(), e);
    }
}
