package org.mobitopolo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.inject.Inject;
import javax.sql.DataSource;
import org.apache.karaf.features.FeaturesService;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.mobitopolo.api.store.Store;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The store in the distribution as shipped: H2 in the runtime's data directory, the store's own
 * migration applied, visible over REST and on the console, and still there after its bundle restarts.
 */
@RunWith(MobitopoloExam.class)
@ExamReactorStrategy(PerClass.class)
public class StoreIT extends MobitopoloTestSupport {
    private static final Duration RESTART = Duration.ofSeconds(60);

    @Inject
    private FeaturesService features;

    @Inject
    private BundleContext context;

    /** Waited for at the start; the calls go to {@link #store()}, since restarting the bundle replaces it. */
    @Inject
    private Store injected;

    @Override
    @Configuration
    public Option[] config() {
        return OptionUtils.combine(super.config(), otherPortsFree());
    }

    @Before
    public void restIsUp() {
        awaitStatus("/api/v1/store", 200, Duration.ofSeconds(60));
        awaitRestSettled();
    }

    @Test
    public void theStoreFeatureIsActiveOnTheShippedH2Configuration() throws Exception {
        assertTrue(features.isInstalled(features.getFeature("mobitopolo-store")));
        assertEquals(Bundle.ACTIVE, storeBundle().getState());
        Path etc = Path.of(System.getProperty("karaf.etc"));
        String cfg = Files.readString(etc.resolve("org.ops4j.datasource-mobitopolo.cfg"));
        assertTrue(cfg, cfg.contains("url = jdbc:h2:file:${karaf.data}/mobitopolo/store/mobitopolo"));
        assertTrue(Files.isRegularFile(dataDir().resolve("mobitopolo/store/mobitopolo.mv.db")));
        assertEquals(1, context.getServiceReferences(DataSource.class, "(osgi.jndi.service.name=jdbc/mobitopolo)").size());
        // Karaf's own jdbc commands see the same data source.
        String ds = execute("jdbc:ds-list");
        assertTrue(ds, ds.matches("(?s).*mobitopolo.*H2.*2\\.3\\.232.*OK.*"));
    }

    @Test
    public void restStoreAnswersWithH2AndTheStoresMigration() {
        HttpResponse<String> response = get("/api/v1/store");
        assertEquals(response.body(), 200, response.statusCode());
        JsonNode info = json(response);
        assertEquals("H2", info.get("database").asText());
        assertTrue(info.toString(), info.get("databaseVersion").asText().startsWith("2.3.232"));
        assertEquals("jdbc:h2:file:" + dataDir().resolve("mobitopolo/store/mobitopolo") + ";DB_CLOSE_ON_EXIT=FALSE",
                info.get("url").asText());
        JsonNode storeModule = module(info, "store");
        assertEquals("1", storeModule.get("version").asText());
        JsonNode v1 = storeModule.get("migrations").get(0);
        assertEquals("V1__instances.sql", v1.get("script").asText());
        assertTrue(v1.get("success").asBoolean());
        JsonNode self = instance(info, info.get("instance").asText());
        assertEquals("root", self.get("name").asText());
        assertTrue(self.toString(), self.get("starts").asLong() >= 1);
    }

    @Test
    public void consoleStoreInfoPrintsTheDatabaseAndTheMigration() {
        String out = execute("mobi:store-info");
        assertTrue(out, out.contains("Database    H2 2.3.232"));
        assertTrue(out, out.matches("(?s).*store\\s+\\S\\s+1\\s+\\S\\s+V1__instances\\.sql.*ok.*"));
        assertTrue(out, out.contains(store().info().instance() + " (this one)"));
    }

    @Test
    public void aBundlesMigrationsAreFoundThroughItsOwnClassLoader() throws SQLException {
        // This test's own bundle (Pax Exam's probe) ships db/migration/itest/V1__notes.sql.
        ClassLoader probe = StoreIT.class.getClassLoader();
        assertEquals("bundle", probe.getResource("db/migration/itest/V1__notes.sql").getProtocol());
        store().migrate("itest", probe);
        assertEquals(0, store().migrate("itest", probe));
        assertEquals("kept across restarts", noteText());
        JsonNode itest = module(json(get("/api/v1/store")), "itest");
        assertEquals("V1__notes.sql", itest.get("migrations").get(0).get("script").asText());
    }

    @Test
    public void whatTheStoreHoldsOutlivesARestartOfItsBundle() throws Exception {
        store().migrate("itest", StoreIT.class.getClassLoader());
        JsonNode before = json(get("/api/v1/store"));
        String id = before.get("instance").asText();
        long starts = instance(before, id).get("starts").asLong();

        Bundle bundle = storeBundle();
        bundle.stop();
        try {
            // without the store no session can be checked: the whole endpoint says so, this resource included
            HttpResponse<String> stopped = awaitStatus("/api/v1/store", 503, RESTART);
            assertTrue(stopped.body(), json(stopped).get("detail").asText().contains("mobitopolo-store"));
        } finally {
            bundle.start();
        }
        await("the store to count its new start",
                () -> get("/api/v1/store").statusCode() == 200 && instance(json(get("/api/v1/store")), id).get("starts").asLong() == starts + 1,
                RESTART);

        JsonNode after = json(get("/api/v1/store"));
        assertEquals(id, after.get("instance").asText());
        // the same migrations, applied once, at the same time: nothing ran again
        assertEquals(before.get("modules"), after.get("modules"));
        assertEquals(instance(before, id).get("firstStartedMillis"), instance(after, id).get("firstStartedMillis"));
        assertEquals("kept across restarts", noteText());
    }

    private String noteText() throws SQLException {
        try (Connection c = store().dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT text FROM itest.note WHERE id = 1")) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    private Store store() {
        var reference = context.getServiceReference(Store.class);
        assertTrue("no store service", reference != null);
        return context.getService(reference);
    }

    private Bundle storeBundle() {
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().equals("org.mobitopolo.store")) {
                return b;
            }
        }
        throw new AssertionError("no org.mobitopolo.store bundle");
    }

    private static Path dataDir() {
        return Path.of(System.getProperty("karaf.data"));
    }

    private static JsonNode module(JsonNode info, String name) {
        for (JsonNode m : info.get("modules")) {
            if (m.get("module").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no module " + name + " in " + info);
    }

    private static JsonNode instance(JsonNode info, String id) {
        for (JsonNode i : info.get("instances")) {
            if (i.get("id").asText().equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no instance " + id + " in " + info);
    }
}
