package org.mobitopolo.security.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.mobitopolo.api.security.Role;
import org.mobitopolo.api.store.Sql;

/** The table {@code security.sessions} (see {@code V1__sessions.sql}), one statement per call. */
final class SessionTable {
    /** A row: a session with the hash of its token, and the time its absolute expiry falls. */
    record Row(String id, String tokenHash, String user, Role role, String clientAddress, Instant created, Instant lastSeen,
            Instant expires) {}

    private static final String COLUMNS = "id, token_hash, user_name, role, client_address, created_at, last_seen_at, expires_at";

    private final Sql db;

    SessionTable(DataSource dataSource) {
        this.db = new Sql(dataSource);
    }

    void insert(Row r) {
        update("open a session", "INSERT INTO security.sessions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                r.id(), r.tokenHash(), r.user(), r.role().id(), r.clientAddress(), r.created().toEpochMilli(),
                r.lastSeen().toEpochMilli(), r.expires().toEpochMilli());
    }

    Optional<Row> byTokenHash(String hash) {
        List<Row> rows = query("SELECT " + COLUMNS + " FROM security.sessions WHERE token_hash = ?", hash);
        return rows.stream().findFirst();
    }

    /** Open and idle sessions alike, newest first: the caller knows the idle limit. */
    List<Row> all() {
        return query("SELECT " + COLUMNS + " FROM security.sessions ORDER BY created_at DESC, id");
    }

    boolean deleteByTokenHash(String hash) {
        return update("end a session", "DELETE FROM security.sessions WHERE token_hash = ?", hash) > 0;
    }

    boolean deleteById(String id) {
        return update("revoke a session", "DELETE FROM security.sessions WHERE id = ?", id) > 0;
    }

    /** Moves a session's last use forward, never back (another runtime may have written a later one). */
    void touch(String id, Instant lastSeen) {
        long at = lastSeen.toEpochMilli();
        update("record a session's use", "UPDATE security.sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?", at, id, at);
    }

    /** Deletes the sessions past their absolute expiry, or (but peers') unused since {@code idleSince}. */
    int deleteExpired(Instant now, Instant idleSince) {
        return update("delete expired sessions",
                "DELETE FROM security.sessions WHERE expires_at <= ? OR (last_seen_at <= ? AND role <> ?)",
                now.toEpochMilli(), idleSince.toEpochMilli(), Role.PEER.id());
    }

    private List<Row> query(String sql, Object... params) {
        return db.query("read sessions", rs -> new Row(rs.getString(1), rs.getString(2), rs.getString(3),
                Role.valueOf(rs.getString(4).toUpperCase(Locale.ROOT)), rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)),
                Instant.ofEpochMilli(rs.getLong(7)), Instant.ofEpochMilli(rs.getLong(8))), sql, params);
    }

    private int update(String what, String sql, Object... params) {
        return db.update(what, sql, params);
    }
}
