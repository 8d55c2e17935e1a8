package org.mobitopolo.security.internal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.mobitopolo.api.store.Store;
import org.mobitopolo.store.internal.StoreFixture;

/** The audit trail on a real PostgreSQL server, each test on a database of its own, as several runtimes share one. */
class PostgresAuditTest extends AuditContract {
    private static StoreFixture.Postgres server;
    private String database;

    @BeforeAll
    static void start() throws Exception {
        server = new StoreFixture.Postgres();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void database() throws Exception {
        database = server.createDatabase();
    }

    @Override
    Store store(String instance) {
        return server.store(database, instance);
    }

    /** The server runs, but the database was never created. */
    @Override
    Store unreachableStore() {
        return server.store("no_such_database", "a");
    }
}
