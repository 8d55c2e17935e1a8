package org.mobitopolo.api.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/**
 * Single statements on the platform's store, each on a connection of its own, failing as a
 * {@link PlatformException} {@code UNAVAILABLE} that says what could not be done: what most modules'
 * tables need, without each writing its own JDBC plumbing.
 */
public final class Sql {
    /** Reads one row of a result set. */
    public interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final DataSource dataSource;

    /** Statements on connections from {@code dataSource} (the store's {@link Store#dataSource()}). */
    public Sql(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs a query and reads every row.
     *
     * @param what what it reads, for the error: {@code read peers' credentials}
     */
    public <T> List<T> query(String what, RowReader<T> reader, String sql, Object... params) {
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

    /**
     * Runs one insert, update or delete, committed at once.
     *
     * @param what what it changes, for the error: {@code keep a peer's credential}
     * @return how many rows it changed
     */
    public int update(String what, String sql, Object... params) {
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

    /**
     * Runs one insert, update or delete for each set of parameters, all in one transaction: all of
     * them or none.
     *
     * @param what what they change, for the error: {@code journal a run's steps}
     */
    public void batch(String what, String sql, List<Object[]> rows) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        s.setObject(i + 1, row[i]);
                    }
                    s.addBatch();
                }
                s.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
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
