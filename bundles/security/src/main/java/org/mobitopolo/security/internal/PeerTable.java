package org.mobitopolo.security.internal;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.mobitopolo.api.store.Sql;

/** The table {@code security.peers} (see {@code V3__peers.sql}): the token kept for each other host, by its URL. */
final class PeerTable {
    /** A row: the host's normalized URL, the token it issued, and what it said of the token. */
    record Row(URI url, String token, String identity, Instant added, Instant expires) {}

    private static final String COLUMNS = "url, token, identity, added_at, expires_at";

    private final Sql db;

    PeerTable(DataSource dataSource) {
        this.db = new Sql(dataSource);
    }

    /** Adds or replaces the host's row. */
    void put(Row r) {
        // delete then insert: one statement that upserts reads differently on H2 and PostgreSQL
        remove(r.url());
        db.update("keep a peer's credential", "INSERT INTO security.peers (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
                r.url().toString(), r.token(), r.identity(), r.added().toEpochMilli(), r.expires().toEpochMilli());
    }

    Optional<Row> get(URI url) {
        return query("SELECT " + COLUMNS + " FROM security.peers WHERE url = ?", url.toString()).stream().findFirst();
    }

    List<Row> all() {
        return query("SELECT " + COLUMNS + " FROM security.peers ORDER BY url");
    }

    boolean remove(URI url) {
        return db.update("forget a peer's credential", "DELETE FROM security.peers WHERE url = ?", url.toString()) > 0;
    }

    private List<Row> query(String sql, Object... params) {
        return db.query("read peers' credentials", rs -> new Row(URI.create(rs.getString(1)), rs.getString(2), rs.getString(3),
                Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5))), sql, params);
    }
}
