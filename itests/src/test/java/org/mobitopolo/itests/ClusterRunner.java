package org.mobitopolo.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.runner.notification.RunNotifier;
import org.junit.runners.model.InitializationError;
import org.mobitopolo.store.internal.SharedPostgres;
import org.ops4j.pax.exam.Option;

/**
 * {@link ClusterIT}'s half in the Pax Exam driver: {@link MobitopoloExam}, with a PostgreSQL server and a second
 * runtime (B) around it. {@link ClusterIT#config()} calls {@link #startAll} before runtime A is
 * configured; after the class, whatever its outcome, B is stopped and deleted, then PostgreSQL.
 * (Pax Exam runs no {@code @AfterClass} in the driver; inside the container it runs them around
 * every single test.) A shutdown hook does the same should the JVM end first.
 */
public final class ClusterRunner extends MobitopoloExam {
    /** System properties inside A: B's REST endpoint, its directory and its admin's password. */
    static final String B_URL = "mobitopolo.itest.b.url";
    static final String B_HOME = "mobitopolo.itest.b.home";
    static final String B_PASSWORD = "mobitopolo.itest.b.password";
    private static final String DATASOURCE = "org.ops4j.datasource-mobitopolo.cfg";

    private static SharedPostgres postgres;
    private static SecondRuntime b;
    private static String bUrl;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ClusterRunner::stopAll, "stop ClusterIT's runtime B and PostgreSQL"));
    }

    public ClusterRunner(Class<?> test) throws InitializationError {
        super(test);
    }

    @Override
    public void run(RunNotifier notifier) {
        try {
            super.run(notifier);
        } finally {
            stopAll();
        }
    }

    /**
     * Starts PostgreSQL with one database, then B on it (once: B boots while A is made); answers the
     * options that put A on the same database and tell it where B is. Stops what it started if a step fails.
     */
    static synchronized Option[] startAll(Path distribution) {
        if (postgres == null) {
            try {
                postgres = SharedPostgres.start();
                b = SecondRuntime.unpack(distribution, "b-admin-" + UUID.randomUUID());
                // B's ports, all of them off the defaults: A, or another engineer's runtime, may hold those
                int port = MobitopoloTestSupport.freePort();
                b.configure("org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(port));
                b.configure("org.apache.karaf.shell.cfg", "sshPort", String.valueOf(MobitopoloTestSupport.freePort()));
                b.configure("org.apache.karaf.management.cfg", Map.of(
                        "rmiRegistryPort", String.valueOf(MobitopoloTestSupport.freePort()),
                        "rmiServerPort", String.valueOf(MobitopoloTestSupport.freePort())));
                b.configure("org.mobitopolo.transport.udp.cfg", "vxlanPort", String.valueOf(MobitopoloTestSupport.freePort()));
                b.configure(DATASOURCE, datasource(postgres));
                b.configure("users.properties", "vic", "vic-pw,viewer");
                b.start();
                bUrl = "http://127.0.0.1:" + port;
            } catch (Exception | Error e) {
                stopAll();
                throw new IllegalStateException("could not start PostgreSQL and runtime B: " + e, e);
            }
        }
        List<Option> options = new ArrayList<>();
        datasource(postgres).forEach((key, value) -> options.add(editConfigurationFilePut("etc/" + DATASOURCE, key, value)));
        options.add(systemProperty(B_URL).value(bUrl));
        options.add(systemProperty(B_HOME).value(b.home().toString()));
        options.add(systemProperty(B_PASSWORD).value(b.adminPassword()));
        return options.toArray(Option[]::new);
    }

    /** Stops and deletes B (its Karaf and whatever it started), then stops PostgreSQL and deletes its directory. */
    static synchronized void stopAll() {
        try {
            if (b != null) {
                b.delete();
            }
        } finally {
            b = null;
            if (postgres != null) {
                postgres.close();
                postgres = null;
            }
        }
    }

    /** The store's data source on the shared database, as etc/org.ops4j.datasource-mobitopolo.cfg says it. */
    private static Map<String, String> datasource(SharedPostgres db) {
        Map<String, String> cfg = new LinkedHashMap<>();
        cfg.put("osgi.jdbc.driver.class", "org.postgresql.Driver");
        cfg.put("url", db.url());
        cfg.put("user", db.user());
        cfg.put("password", db.password());
        return cfg;
    }
}
