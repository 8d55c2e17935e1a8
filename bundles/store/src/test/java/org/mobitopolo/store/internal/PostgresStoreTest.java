package org.mobitopolo.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mobitopolo.store.internal.H2StoreTest.rows;
import static org.mobitopolo.store.internal.Modules.module;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.store.StoreInfo;
import org.mobitopolo.api.store.StoreInstance;
import org.mobitopolo.api.store.StoreMigration;
import org.mobitopolo.api.store.StoreModule;

/** The store on a real PostgreSQL server, started for these tests; each test has a database of its own. */
class PostgresStoreTest {
    private static PostgresServer server;
    private String database;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void newDatabase() throws SQLException {
        database = server.createDatabase();
    }

    private PlatformStore store(String instance) {
        return new PlatformStore(server.dataSource(database), server.url(database), new LocalInstance(instance, "root", "host-" + instance));
    }

    @Test
    void migrationsApplyOnceAndASecondStartFindsThemApplied() throws SQLException {
        PlatformStore first = store("a");
        assertEquals(2, first.migrate("demo", module("demo-v2")));
        StoreInfo info = first.info();
        assertEquals("PostgreSQL", info.database());
        assertTrue(info.databaseVersion().startsWith("15."), info.databaseVersion());
        assertEquals(server.url(database), info.url());
        assertEquals(PostgresServer.USER, info.user());
        assertEquals(List.of("demo", "store"), info.modules().stream().map(StoreModule::module).toList());
        assertEquals(List.of("V1__items.sql", "V2__item_owner.sql"), scripts(info.modules().get(0)));
        assertEquals("2", info.modules().get(0).version());
        assertEquals(List.of("V1__instances.sql"), scripts(info.modules().get(1)));

        PlatformStore second = store("a");
        assertEquals(0, second.migrate("demo", module("demo-v2")));
        StoreInfo again = second.info();
        assertEquals(info.modules(), again.modules());
        assertEquals(2, again.instances().get(0).starts());
        assertEquals(List.of("1 first nobody"), rows(second, "SELECT id, name, owner FROM demo.item"));
    }

    @Test
    void storesMigratingOneDatabaseAtOnceEndWithOneConsistentSchema() throws Exception {
        int stores = 6;
        List<PlatformStore> started = new ArrayList<>();
        // All create the store's schema at once, then the module's: Flyway retries the losers of the race.
        assertEquals(1, concurrently(stores, i -> {
            PlatformStore store = store("i" + i);
            synchronized (started) {
                started.add(store);
            }
            return 0;
        }) + concurrently(stores, i -> started.get(i).migrate("demo", module("demo-v1"))),
                "the store's V1 once (not counted), the module's V1 once");
        // All find the schema there and V2 pending: one applies it under Flyway's lock, the others wait, then have nothing to do.
        assertEquals(1, concurrently(stores, i -> started.get(i).migrate("demo", module("demo-v2-slow"))));

        PlatformStore after = store("check");
        StoreInfo info = after.info();
        assertEquals(List.of("V1__items.sql", "V2__item_owner.sql"), scripts(info.modules().get(0)));
        assertEquals(List.of("V1__instances.sql"), scripts(info.modules().get(1)));
        assertTrue(info.modules().stream().flatMap(m -> m.migrations().stream()).allMatch(StoreMigration::success));
        assertEquals(stores + 1, info.instances().size());
        assertTrue(info.instances().stream().allMatch(i -> i.starts() == 1), info.instances().toString());
        assertEquals(List.of("1 first nobody"), rows(after, "SELECT id, name, owner FROM demo.item"));
    }

    /** Runs {@code task(0..n-1)} on n threads let go together; the sum of what they return. */
    private static int concurrently(int n, IntFunction<Integer> task) throws Exception {
        CyclicBarrier together = new CyclicBarrier(n);
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                results.add(threads.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    return task.apply(index);
                }));
            }
            int sum = 0;
            for (Future<Integer> r : results) {
                sum += r.get(120, TimeUnit.SECONDS);
            }
            return sum;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aFailingMigrationIsRolledBackWholeAndTheFixedOneAppliesLater() throws SQLException {
        PlatformStore store = store("a");
        PlatformException e = assertThrows(PlatformException.class, () -> store.migrate("demo", module("demo-broken")));
        assertEquals(ErrorCode.FAILED, e.code());
        assertTrue(e.getMessage().startsWith("module demo: "), e.getMessage());
        assertTrue(e.getMessage().contains("V2__broken.sql"), e.getMessage());
        assertTrue(e.getMessage().contains("relation \"no_such_table\" does not exist"), e.getMessage());
        // PostgreSQL's DDL is transactional: nothing of V2, not even its first statement, and no failure on record
        assertEquals(List.of("0"), rows(store, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'half_done'"));
        StoreModule demo = store.info().modules().get(0);
        assertEquals("1", demo.version());
        assertEquals(List.of("V1__items.sql"), scripts(demo));
        assertEquals(1, store.migrate("demo", module("demo-v2")));
    }

    @Test
    void aWrongPasswordIsAClearErrorNamingTheDatabaseWithoutAnyPassword() {
        store("a");
        DataSource wrong = server.dataSource(database, "not-the-password");
        String url = server.url(database) + "?password=not-the-password";
        PlatformStore store = new PlatformStore(wrong, url, new LocalInstance("b", "root", "host-b"));
        PlatformException e = assertThrows(PlatformException.class, store::info);
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals("the platform database at " + server.url(database) + "?password=*** cannot be reached: "
                + "FATAL: password authentication failed for user \"" + PostgresServer.USER + "\" "
                + "(check url, user and password in etc/org.ops4j.datasource-mobitopolo.cfg)", e.getMessage());
    }

    @Test
    void aBrokenUrlIsAClearError() throws Exception {
        PlatformException noDatabase = assertThrows(PlatformException.class,
                () -> new PlatformStore(server.dataSource("no_such_db"), server.url("no_such_db"),
                        new LocalInstance("a", "root", "host-a")).info());
        assertEquals(ErrorCode.UNAVAILABLE, noDatabase.code());
        assertTrue(noDatabase.getMessage().contains("FATAL: database \"no_such_db\" does not exist"), noDatabase.getMessage());

        int closed;
        try (var s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        org.postgresql.ds.PGSimpleDataSource nobody = (org.postgresql.ds.PGSimpleDataSource) server.dataSource(database);
        nobody.setPortNumbers(new int[] {closed});
        PlatformException refused = assertThrows(PlatformException.class,
                () -> new PlatformStore(nobody, null, new LocalInstance("a", "root", "host-a")).migrate("demo", module("demo-v1")));
        assertEquals(ErrorCode.UNAVAILABLE, refused.code());
        assertTrue(refused.getMessage().startsWith("the platform database cannot be reached: Connection to 127.0.0.1:" + closed
                + " refused."), refused.getMessage());
    }

    @Test
    void eachRuntimeSharingTheDatabaseIsListed() {
        store("a");
        store("b");
        List<StoreInstance> seen = store("a").info().instances();
        assertEquals(List.of("a", "b"), seen.stream().map(StoreInstance::id).toList());
        assertEquals(List.of("host-a", "host-b"), seen.stream().map(StoreInstance::host).toList());
        assertEquals(List.of(2L, 1L), seen.stream().map(StoreInstance::starts).toList());
    }

    private static List<String> scripts(StoreModule module) {
        return module.migrations().stream().map(StoreMigration::script).toList();
    }
}
