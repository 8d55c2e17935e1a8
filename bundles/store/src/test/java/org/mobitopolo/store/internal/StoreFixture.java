package org.mobitopolo.store.internal;

import java.nio.file.Path;
import org.h2.jdbcx.JdbcDataSource;
import org.mobitopolo.api.store.Store;

/**
 * The real store for other modules' tests: on an H2 file, or on a real PostgreSQL server of the
 * store's own test helper. In the store's package because its constructors are package-private.
 */
public final class StoreFixture {
    private StoreFixture() {}

    /** A store on the H2 database file {@code file} (created when missing), as runtime {@code instance}. */
    public static Store h2(Path file, String instance) {
        String url = "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE";
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("mobitopolo");
        ds.setPassword("");
        return new PlatformStore(ds, url, new LocalInstance(instance, "root", "host-" + instance));
    }

    /** A PostgreSQL server of its own; each store it opens is on one of its databases. */
    public static final class Postgres implements AutoCloseable {
        private final PostgresServer server;

        public Postgres() throws Exception {
            this.server = PostgresServer.start();
        }

        /** A new, empty database's name. */
        public String createDatabase() throws Exception {
            return server.createDatabase();
        }

        /** A store on that database, as runtime {@code instance}. */
        public Store store(String database, String instance) {
            return new PlatformStore(server.dataSource(database), server.url(database),
                    new LocalInstance(instance, "root", "host-" + instance));
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
