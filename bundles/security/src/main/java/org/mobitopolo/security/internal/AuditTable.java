package org.mobitopolo.security.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.mobitopolo.api.security.AuditEntry;
import org.mobitopolo.api.security.AuditQuery;
import org.mobitopolo.api.store.Sql;

/** The table {@code security.audit} (see {@code V2__audit.sql}), one statement per call. */
final class AuditTable {
    /** Column widths of the table: longer values are cut before they are written. */
    static final int MAX_USER = 255;
    static final int MAX_ROLE = 16;
    static final int MAX_ADDRESS = 64;
    static final int MAX_ACTION = 1024;
    static final int MAX_DETAIL = 1024;

    private static final String COLUMNS = "id, recorded_at, user_name, role, client_address, action, status, detail";

    private final Sql db;

    AuditTable(DataSource dataSource) {
        this.db = new Sql(dataSource);
    }

    void insert(AuditEntry e) {
        db.update("record an audit entry", "INSERT INTO security.audit "
                + "(recorded_at, user_name, role, client_address, action, status, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                e.at().toEpochMilli(), e.user(), e.role(), e.clientAddress(), e.action(), e.status(), e.detail());
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
        return db.query("read the audit trail", rs -> new AuditEntry(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8)),
                sql.toString(), params.toArray());
    }

    /** Deletes the entries recorded before {@code before}; how many. */
    int deleteBefore(Instant before) {
        return db.update("delete old audit entries", "DELETE FROM security.audit WHERE recorded_at < ?", before.toEpochMilli());
    }
}
