package org.mobitopolo.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.mobitopolo.api.store.StoreInstance;

/** The store's own table of runtimes: {@code store.instance}, made by its migration V1. */
final class Instances {
    private static final String UPDATE =
            "UPDATE store.instance SET name = ?, host = ?, last_started = ?, starts = starts + 1 WHERE id = ?";
    private static final String INSERT =
            "INSERT INTO store.instance (id, name, host, first_started, last_started, starts) VALUES (?, ?, ?, ?, ?, 1)";
    private static final String LIST =
            "SELECT id, name, host, first_started, last_started, starts FROM store.instance ORDER BY last_started DESC, id";

    /** Counts a start of this runtime's store; its first start adds its row. */
    void recordStart(Connection c, LocalInstance self, Instant now) throws SQLException {
        // milliseconds, as the store reports them
        OffsetDateTime at = OffsetDateTime.ofInstant(now.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
        if (update(c, self, at) == 1) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            insert.setString(1, self.id());
            insert.setString(2, self.name());
            insert.setString(3, self.host());
            insert.setObject(4, at);
            insert.setObject(5, at);
            insert.executeUpdate();
        } catch (SQLException e) {
            // Two stores of one id (a copied data directory) starting at once: the other inserted first.
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23") || update(c, self, at) != 1) {
                throw e;
            }
        }
    }

    List<StoreInstance> list(Connection c) throws SQLException {
        List<StoreInstance> all = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(LIST); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                all.add(new StoreInstance(rs.getString(1), rs.getString(2), rs.getString(3),
                        millis(rs.getObject(4, OffsetDateTime.class)), millis(rs.getObject(5, OffsetDateTime.class)),
                        rs.getLong(6)));
            }
        }
        return all;
    }

    private static long millis(OffsetDateTime t) {
        return t.toInstant().toEpochMilli();
    }

    private static int update(Connection c, LocalInstance self, OffsetDateTime at) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(UPDATE)) {
            update.setString(1, self.name());
            update.setString(2, self.host());
            update.setObject(3, at);
            update.setString(4, self.id());
            return update.executeUpdate();
        }
    }
}
