package org.mobitopolo.store.internal;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.store.Store;
import org.mobitopolo.api.store.StoreInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store on the platform's data source {@code jdbc/mobitopolo} (pax-jdbc, configured in
 * {@code etc/org.ops4j.datasource-mobitopolo.cfg}). On start it migrates its own module, {@code store},
 * and counts this runtime's start in {@code store.instance}.
 *
 * <p>A database that cannot be reached does not keep the component from activating: it logs why,
 * and every call tries again and fails with that reason until the database answers. So the REST
 * endpoint and the console can say what is wrong instead of finding no store at all.
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component(service = Store.class, configurationPid = "org.mobitopolo.store")
@Designate(ocd = PlatformStore.Config.class)
public final class PlatformStore implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformStore.class);
    /** The store's own module: its schema holds the table of runtimes. */
    static final String MODULE = "store";

    @ObjectClassDefinition(name = "Mobitopolo store",
            description = "The platform's database; where it is is set in etc/org.ops4j.datasource-mobitopolo.cfg")
    public @interface Config {
        @AttributeDefinition(description = "This runtime's id among those sharing the database; "
                + "empty for a random one kept in ${karaf.data}/mobitopolo/store/instance-id")
        String instanceId() default "";
    }

    private final Database database;
    private final LocalInstance self;
    private final Migrations migrations;
    private final Instances instances = new Instances();
    private final Catalog catalog;
    private final Object startLock = new Object();
    private volatile boolean started;

    @Activate
    public PlatformStore(
            @Reference(target = "(osgi.jndi.service.name=jdbc/mobitopolo)") Map.Entry<Map<String, Object>, DataSource> dataSource,
            Config config) {
        // pax-jdbc publishes the configured url: the one place that names the database when it cannot be reached
        this(dataSource.getValue(), (String) dataSource.getKey().get("url"),
                LocalInstance.of(config.instanceId(), dataDirectory().resolve("instance-id")));
    }

    /**
     * @param url the configured JDBC URL, named in the message when the database cannot be reached;
     *     {@code null} when unknown
     */
    PlatformStore(DataSource dataSource, String url, LocalInstance self) {
        this.database = new Database(dataSource, url);
        this.self = requireNonNull(self);
        this.migrations = new Migrations(database);
        this.catalog = new Catalog(database, instances);
        try {
            start();
        } catch (PlatformException e) {
            LOG.warn("Store not started; each use tries again: {}", e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        LOG.info("Store stopped");
    }

    @Override
    public DataSource dataSource() {
        start();
        return database.dataSource();
    }

    /**
     * One module's migration at a time: each takes H2's table locks for its DDL, and two at once (bundles
     * activating on different threads at boot) made one of them time out on H2's lock of its catalog.
     */
    @Override
    public synchronized int migrate(String module, ClassLoader loader) {
        Migrations.requireModuleName(module);
        if (MODULE.equals(module)) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "the module name '" + MODULE + "' is the store's own");
        }
        start();
        return migrations.migrate(module, loader);
    }

    @Override
    public StoreInfo info() {
        start();
        return catalog.read(self.id());
    }

    private void start() {
        if (started) {
            return;
        }
        synchronized (startLock) {
            if (started) {
                return;
            }
            migrations.migrate(MODULE, PlatformStore.class.getClassLoader());
            try (Connection c = database.connect()) {
                // the start is counted by single statements; a pool set to manual commit would drop them
                c.setAutoCommit(true);
                instances.recordStart(c, self, Instant.now());
                DatabaseMetaData md = c.getMetaData();
                LOG.info("Store on {} {} at {}; this runtime is {}", md.getDatabaseProductName(), md.getDatabaseProductVersion(),
                        database.shownUrl(md), self.id());
            } catch (SQLException e) {
                throw Failures.query("count this runtime's start", e);
            }
            started = true;
        }
    }

    private static Path dataDirectory() {
        return Path.of(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "mobitopolo", "store");
    }
}
