package org.mobitopolo.security.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.AuditEntry;
import org.mobitopolo.api.security.AuditQuery;

/** The table {@code security.audit} (see {@code V2__audit.sql}), one statement per call. */
final class AuditTable {
    /** Column widths of the table: longer values are cut before they are written. */
    static final int MAX_USER = 255;
    static final int MAX_ROLE = 16;
    static final int MAX_ADDRESS = 64;
    static final int MAX_ACTION = 1024;
    static final int MAX_DETAIL = 1024;

    private static final String COLUMNS = "id, recorded_at, user_name, role, client_address, action, status, detail";

    private final DataSource dataSource;

    AuditTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void insert(AuditEntry e) {
        try (Connection c = dataSource.getConnection()) {
            // a single statement: a pool handing out manual-commit connections would otherwise drop it
            c.setAutoCommit(true);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO security.audit "
                    + "(recorded_at, user_name, role, client_address, action, status, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                s.setLong(1, e.at().toEpochMilli());
                s.setString(2, e.user());
                s.setString(3, e.role());
                s.setString(4, e.clientAddress());
                s.setString(5, e.action());
                s.setInt(6, e.status());
                s.setString(7, e.detail());
                s.executeUpdate();
            }
        } catch (SQLException ex) {
            throw failure("record an audit entry", ex);
        }
    }

    /** The newest entries the query asks for; rows of one millisecond newest id first. */
    List<AuditEntry> newest(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM security.audit WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (q.user() != null) {
            sql.append(" AND user_name = ?");
            params.add(q.user());
        }
        if (q.since() != null) {
            sql.append(" AND recorded_at >= ?");
            params.add(q.since().toEpochMilli());
        }
        // FETCH FIRST (standard SQL, taken by H2 and PostgreSQL alike) lets the database stop early on the index
        sql.append(" ORDER BY recorded_at DESC, id DESC FETCH FIRST ? ROWS ONLY");
        params.add(q.limit());
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                s.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                List<AuditEntry> entries = new ArrayList<>();
                while (rs.next()) {
                    entries.add(new AuditEntry(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8)));
                }
                return entries;
            }
        } catch (SQLException ex) {
            throw failure("read the audit trail", ex);
        }
    }

    /** Deletes the entries recorded before {@code before}; how many. */
    int deleteBefore(Instant before) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement s = c.prepareStatement("DELETE FROM security.audit WHERE recorded_at < ?")) {
                s.setLong(1, before.toEpochMilli());
                return s.executeUpdate();
            }
        } catch (SQLException ex) {
            throw failure("delete old audit entries", ex);
        }
    }

    private static PlatformException failure(String what, SQLException e) {
        return new PlatformException(ErrorCode.UNAVAILABLE, "could not " + what + " in the platform's store: " + e.getMessage(), e);
    }
}
