package org.mobitopolo.store.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server of its own for the tests: Debian's binaries ({@code initdb}, {@code pg_ctl}),
 * a fresh cluster in a temporary directory, listening on a free loopback port, with password
 * authentication (scram-sha-256) for one user. The package's own cluster and service are not used.
 * PostgreSQL refuses to run as root: as root, the server runs as the {@code postgres} user.
 */
final class PostgresServer implements AutoCloseable {
    static final String USER = "mobitopolo";
    private static final String OS_USER = "postgres";

    private final Path bin;
    private final Path dir;
    private final boolean asOtherUser;
    private final String password = "pw-" + UUID.randomUUID();
    private final int port;
    private final Thread stopOnExit = new Thread(this::stop, "stop test PostgreSQL");
    private volatile boolean running;

    private PostgresServer(Path bin, Path dir, boolean asOtherUser, int port) {
        this.bin = bin;
        this.dir = dir;
        this.asOtherUser = asOtherUser;
        this.port = port;
    }

    /** Creates a cluster and starts it; stops and removes it again if any step fails. */
    static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries();
        Path dir = Files.createTempDirectory("mobitopolo-pg");
        boolean root = ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        PostgresServer server = new PostgresServer(bin, dir, root, freePort());
        try {
            server.initAndStart();
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void initAndStart() throws IOException, InterruptedException {
        if (asOtherUser) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(dir, users.lookupPrincipalByName(OS_USER));
        }
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, password + "\n");
        if (asOtherUser) {
            Files.setOwner(pwfile, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER));
        }
        run(bin.resolve("initdb").toString(), "-D", data(), "-U", USER, "--pwfile=" + pwfile, "--auth=scram-sha-256",
                "-E", "UTF8", "--no-locale", "--no-sync");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        running = true;
        run(bin.resolve("pg_ctl").toString(), "-D", data(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -h 127.0.0.1 -k " + dir + " -c fsync=off", "start");
    }

    /** A data source on one of this server's databases, as {@value #USER} with the given password. */
    DataSource dataSource(String database, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(database);
        ds.setUser(USER);
        ds.setPassword(password);
        return ds;
    }

    /** A data source with the right password. */
    DataSource dataSource(String database) {
        return dataSource(database, password);
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    int port() {
        return port;
    }

    /** Creates an empty database, so that each test starts from nothing. */
    String createDatabase() throws SQLException {
        String name = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = dataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException | IllegalArgumentException exitingOrNeverAdded) {
            // nothing to remove
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        try {
            run(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "-w", "stop");
        } catch (IOException | RuntimeException e) {
            System.err.println("could not stop the test PostgreSQL in " + dir + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    /** Runs a PostgreSQL program to its end (as {@value #OS_USER} when we are root); fails with its output. */
    private void run(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if (asOtherUser) {
            line.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        line.addAll(List.of(command));
        Path output = Files.createTempFile("mobitopolo-pg", ".out");
        try {
            // to a file, not a pipe: pg_ctl's server lives on after it and must not hold our pipe open
            // in the server's directory: the postgres user may not enter ours
            Process p = new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", line) + " did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                String log = Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : "";
                throw new IllegalStateException(String.join(" ", line) + " failed (" + p.exitValue() + "): "
                        + Files.readString(output) + log);
            }
        } finally {
            Files.delete(output);
        }
    }

    /** Debian's server binaries of the newest PostgreSQL installed (scripts/setup.sh installs 15). */
    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/pg_ctl")))
                        .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))));
                if (newest.isPresent()) {
                    return newest.get().resolve("bin");
                }
            }
        }
        throw new IllegalStateException("no PostgreSQL server under " + root + "; install Debian's postgresql (scripts/setup.sh)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
