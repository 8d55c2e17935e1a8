package org.mobitopolo.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A real PostgreSQL server (the store's test helper {@link PostgresServer}: Debian's {@code initdb}
 * and {@code pg_ctl}, a temporary directory, a non-root user) with one database for several runtimes
 * to share, owned by a login role of its own, as a deployment gives the platform one. In the store's
 * package because that helper is package-private. For the Pax Exam driver: the container has no
 * {@code PostgresServer}.
 */
public final class SharedPostgres implements AutoCloseable {
    private static final String DATABASE = "mobitopolo";
    private static final String ROLE = "platform";

    private final PostgresServer server;
    private final String password;

    private SharedPostgres(PostgresServer server, String password) {
        this.server = server;
        this.password = password;
    }

    /** Starts the server and creates the database and its owner; stops and removes it all if a step fails. */
    public static SharedPostgres start() throws Exception {
        PostgresServer server = PostgresServer.start();
        try {
            String password = "pw-" + UUID.randomUUID();
            try (Connection c = server.dataSource("postgres").getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + password + "'");
                s.execute("CREATE DATABASE " + DATABASE + " OWNER " + ROLE);
            }
            return new SharedPostgres(server, password);
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The JDBC URL of the shared database. */
    public String url() {
        return server.url(DATABASE);
    }

    /** The role the runtimes log in as (not a superuser). */
    public String user() {
        return ROLE;
    }

    public String password() {
        return password;
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        server.close();
    }
}
