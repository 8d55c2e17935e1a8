package org.mobitopolo.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mobitopolo.store.internal.Modules.module;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.store.StoreInfo;
import org.mobitopolo.api.store.StoreInstance;
import org.mobitopolo.api.store.StoreMigration;
import org.mobitopolo.api.store.StoreModule;

/** The store on an H2 file database, the distribution's default. */
class H2StoreTest {
    @TempDir
    Path dir;

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("store") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    private JdbcDataSource dataSource(String url) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("mobitopolo");
        ds.setPassword("");
        return ds;
    }

    private PlatformStore store(String instance) {
        return new PlatformStore(dataSource(url()), url(), new LocalInstance(instance, "root", "host-a"));
    }

    @Test
    void theStoreMigratesItselfOnceAndCountsItsStarts() {
        StoreInfo first = store("one").info();
        assertEquals("H2", first.database());
        assertTrue(first.databaseVersion().startsWith("2.3."), first.databaseVersion());
        assertEquals(url(), first.url());
        assertEquals("MOBITOPOLO", first.user());
        assertEquals("one", first.instance());
        StoreModule storeModule = only(first.modules());
        assertEquals("store", storeModule.module());
        assertEquals("STORE", storeModule.schema());
        assertEquals("1", storeModule.version());
        StoreMigration v1 = only(storeModule.migrations());
        assertEquals("V1__instances.sql", v1.script());
        assertEquals("instances", v1.description());
        assertTrue(v1.success());
        StoreInstance started = only(first.instances());
        assertEquals(List.of("one", "root", "host-a", 1L),
                List.of(started.id(), started.name(), started.host(), started.starts()));

        // The file outlives the store: a second start finds the schema applied and this runtime known.
        StoreInfo second = store("one").info();
        assertEquals(first.modules(), second.modules());
        StoreInstance restarted = only(second.instances());
        assertEquals(2, restarted.starts());
        assertEquals(started.firstStartedMillis(), restarted.firstStartedMillis());
        assertTrue(restarted.lastStartedMillis() > started.lastStartedMillis());
    }

    @Test
    void eachRuntimeHasItsRowLatestStartFirst() {
        store("one");
        StoreInfo info = store("two").info();
        assertEquals(List.of("two", "one"), info.instances().stream().map(StoreInstance::id).toList());
    }

    @Test
    void aModulesMigrationsApplyOnceAndAnUpgradeAppliesOnlyWhatIsNew() throws SQLException {
        PlatformStore store = store("one");
        assertEquals(1, store.migrate("demo", module("demo-v1")));
        assertEquals(0, store.migrate("demo", module("demo-v1")));
        assertEquals(1, store.migrate("demo", module("demo-v2")));
        assertEquals(0, store("one").migrate("demo", module("demo-v2")));

        // The module's tables are in its schema, named module.table, with V1's row updated by V2.
        assertEquals(List.of("1 first nobody"), rows(store, "SELECT id, name, owner FROM demo.item"));
        StoreModule demo = store.info().modules().get(0);
        assertEquals("demo", demo.module());
        assertEquals("2", demo.version());
        assertEquals(List.of("V1__items.sql", "V2__item_owner.sql"),
                demo.migrations().stream().map(StoreMigration::script).toList());
        assertEquals(List.of("demo", "store"), store.info().modules().stream().map(StoreModule::module).toList());
    }

    @Test
    void aMigrationEditedAfterItWasAppliedIsRefused() {
        PlatformStore store = store("one");
        store.migrate("demo", module("demo-v1"));
        PlatformException e = assertThrows(PlatformException.class, () -> store.migrate("demo", module("demo-edited")));
        assertEquals(ErrorCode.FAILED, e.code());
        assertTrue(e.getMessage().startsWith("module demo: "), e.getMessage());
        assertTrue(e.getMessage().contains("checksum mismatch for migration version 1"), e.getMessage());
    }

    @Test
    void aFailingMigrationSaysWhichAndWhyAndStaysRecordedAsFailed() {
        PlatformStore store = store("one");
        PlatformException e = assertThrows(PlatformException.class, () -> store.migrate("demo", module("demo-broken")));
        assertEquals(ErrorCode.FAILED, e.code());
        assertTrue(e.getMessage().startsWith("module demo: "), e.getMessage());
        assertTrue(e.getMessage().contains("V2__broken.sql"), e.getMessage());
        assertTrue(e.getMessage().contains("NO_SUCH_TABLE"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        // H2 commits DDL as it goes, so Flyway keeps the failure on record; PostgreSQL rolls it back.
        StoreModule demo = store.info().modules().get(0);
        assertEquals("1", demo.version());
        assertEquals(List.of(true, false), demo.migrations().stream().map(StoreMigration::success).toList());
    }

    @Test
    void badModuleNamesAndMissingMigrationsAreRefused() {
        PlatformStore store = store("one");
        for (String name : new String[] {"Demo", "1demo", "demo-x", "", "a".repeat(31), "store"}) {
            PlatformException e = assertThrows(PlatformException.class, () -> store.migrate(name, module("demo-v1")), name);
            assertEquals(ErrorCode.BAD_REQUEST, e.code(), name);
        }
        PlatformException none = assertThrows(PlatformException.class, () -> store.migrate("audit", module("demo-v1")));
        assertEquals(ErrorCode.FAILED, none.code());
        assertEquals("module audit has no migrations: db/migration/audit/ is not on its class path", none.getMessage());
    }

    @Test
    void aDatabaseThatCannotBeOpenedIsAClearErrorOnEveryUseNotAtStart() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        // no trace file either: H2 would print its own failure to make one
        String url = "jdbc:h2:file:" + notADirectory.resolve("store") + ";TRACE_LEVEL_FILE=0";
        PlatformStore store = new PlatformStore(dataSource(url), url, new LocalInstance("one", "root", "host-a"));
        for (Runnable use : List.<Runnable>of(store::info, store::dataSource, () -> store.migrate("demo", module("demo-v1")))) {
            PlatformException e = assertThrows(PlatformException.class, use::run);
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertTrue(e.getMessage().startsWith("the platform database at " + url + " cannot be reached: "), e.getMessage());
            assertTrue(e.getMessage().endsWith("(check url, user and password in etc/org.ops4j.datasource-mobitopolo.cfg)"),
                    e.getMessage());
        }
    }

    @Test
    void aWrongPasswordIsAClearError() {
        store("one");
        JdbcDataSource wrong = dataSource(url());
        wrong.setPassword("guess");
        PlatformException e = assertThrows(PlatformException.class,
                () -> new PlatformStore(wrong, url(), new LocalInstance("two", "root", "host-a")).info());
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("Wrong user name or password"), e.getMessage());
    }

    @Test
    void theDataSourceIsThePlatformsOnceTheStoreRuns() throws SQLException {
        JdbcDataSource ds = dataSource(url());
        PlatformStore store = new PlatformStore(ds, url(), new LocalInstance("one", "root", "host-a"));
        assertSame(ds, store.dataSource());
        assertEquals(List.of("one"), rows(store, "SELECT id FROM store.instance"));
    }

    @Test
    void aModuleWithoutAnyMigrationYetHasNoVersion() throws SQLException {
        PlatformStore store = store("one");
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            // a schema whose history table Flyway made but no migration has run yet
            s.execute("CREATE SCHEMA empty");
            s.execute("CREATE TABLE empty.\"flyway_schema_history\" (\"installed_rank\" INT, \"version\" VARCHAR(50), "
                    + "\"description\" VARCHAR(200), \"type\" VARCHAR(20), \"script\" VARCHAR(1000), "
                    + "\"installed_on\" TIMESTAMP, \"execution_time\" INT, \"success\" BOOLEAN)");
        }
        StoreModule empty = store.info().modules().get(0);
        assertEquals("empty", empty.module());
        assertNull(empty.version());
        assertTrue(empty.migrations().isEmpty());
    }

    static List<String> rows(PlatformStore store, String query) throws SQLException {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            List<String> rows = new java.util.ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i == 1 ? "" : " ").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
            return rows;
        }
    }

    private static <T> T only(List<T> list) {
        assertEquals(1, list.size(), list.toString());
        return list.get(0);
    }
}
