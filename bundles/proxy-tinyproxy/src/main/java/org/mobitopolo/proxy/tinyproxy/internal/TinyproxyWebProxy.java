package org.mobitopolo.proxy.tinyproxy.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.platform.PluginCatalog;
import org.mobitopolo.api.proxy.ProxyConfig;
import org.mobitopolo.api.proxy.ProxyStatus;
import org.mobitopolo.api.proxy.WebProxy;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's proxy: the real {@code tinyproxy}, run in the foreground as our child ({@code -d -c FILE}) with
 * a configuration written from the {@link ProxyConfig}. User changes reach a running tinyproxy by
 * {@code SIGUSR1} (it rereads its file); if it dies, it is started again. tinyproxy reads passwords in
 * clear from its file, so they stay in memory and in that file only (mode 600), never in a log.
 */
@Component(service = WebProxy.class, property = {WebProxy.IMPLEMENTATION + "=" + TinyproxyWebProxy.NAME,
        PluginCatalog.PLUGIN_NAME + "=" + TinyproxyWebProxy.NAME},
        configurationPid = "org.mobitopolo.proxy.tinyproxy")
@Designate(ocd = TinyproxyWebProxy.Config.class)
public final class TinyproxyWebProxy implements WebProxy {
    static final String NAME = "tinyproxy";
    private static final Logger LOG = LoggerFactory.getLogger(TinyproxyWebProxy.class);
    /** tinyproxy's configuration grammar: user names and passwords are single words of these. */
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9._-]+");
    private static final long READY_MILLIS = 5000;

    @ObjectClassDefinition(name = "Mobitopolo tinyproxy web proxy")
    public @interface Config {
        @AttributeDefinition(description = "The tinyproxy binary (Debian package tinyproxy)")
        String binary() default "/usr/bin/tinyproxy";
    }

    private final String binary;
    private final Path dir;
    private final Map<String, char[]> users = new TreeMap<>();
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tinyproxy-supervisor");
        t.setDaemon(true);
        return t;
    });
    private ProxyConfig config;
    private Process process;
    private int restarts;
    private long reloads;
    /** Counters when this tinyproxy got ready (our readiness probes count in them), and our reads since. */
    private TinyproxyStats baseline = TinyproxyStats.NONE;
    private long ownReads;
    private TinyproxyStats lastStats = TinyproxyStats.NONE;

    @Activate
    public TinyproxyWebProxy(Config config) {
        this(config.binary(), Path.of(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")),
                "mobitopolo", "tinyproxy"));
    }

    TinyproxyWebProxy(String binary, Path dir) {
        this.binary = binary;
        this.dir = dir;
        LOG.info("tinyproxy web proxy ready ({}), files in {}", binary, dir);
    }

    @Override
    public synchronized ProxyStatus start(ProxyConfig newConfig) {
        String unsupported = TinyproxyConf.unsupported(newConfig);
        if (unsupported != null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, unsupported);
        }
        if (!Files.isExecutable(Path.of(binary))) {
            throw new PlatformException(ErrorCode.UNAVAILABLE, binary + " is missing: install the Debian package tinyproxy");
        }
        stopProcess();
        config = newConfig;
        restarts = 0;
        writeFiles();
        launch();
        LOG.info("tinyproxy listening on {}:{} (auth {})", config.bindAddress(), config.port(),
                config.requireAuth() ? "on" : "off");
        return status();
    }

    @Override
    public synchronized void stop() {
        if (process != null) {
            LOG.info("tinyproxy on port {} stopping", config.port());
        }
        stopProcess();
    }

    @Override
    public synchronized ProxyStatus status() {
        boolean running = process != null && process.isAlive();
        if (running) {
            try {
                lastStats = TinyproxyStats.read(connectHost(), config.port(), statsAuth());
                ownReads++;
            } catch (IOException e) {
                LOG.debug("tinyproxy counters unreadable: {}", e.getMessage());
            }
        }
        TinyproxyStats s = lastStats;
        TinyproxyStats b = baseline;
        // tinyproxy counts our own reads of its counters as requests; the one in flight holds a connection.
        return new ProxyStatus(running, config == null ? 0 : config.port(),
                Math.max(0, s.requests() - b.requests() - ownReads), running ? Math.max(0, s.opens() - 1) : 0,
                s.denied() + s.refused() - b.denied() - b.refused(), 0, 0, NAME, config,
                s.badConnections() - b.badConnections(), 0, 0);
    }

    @Override
    public synchronized void putUser(String name, char[] password) {
        if (name == null || !WORD.matcher(name).matches()) {
            throw new IllegalArgumentException("tinyproxy takes user names of letters, digits, '.', '_' and '-' only, got \""
                    + name + "\"");
        }
        if (password == null || !WORD.matcher(new String(password)).matches()) {
            throw new IllegalArgumentException("tinyproxy takes passwords of letters, digits, '.', '_' and '-' only");
        }
        char[] old = users.put(name, password.clone());
        if (old != null) {
            Arrays.fill(old, '\0');
        }
        reload();
    }

    @Override
    public synchronized boolean removeUser(String name) {
        char[] old = users.remove(name);
        if (old == null) {
            return false;
        }
        Arrays.fill(old, '\0');
        reload();
        return true;
    }

    @Override
    public synchronized List<String> users() {
        return new ArrayList<>(users.keySet());
    }

    private void reload() {
        if (process == null || !process.isAlive()) {
            return;
        }
        writeFiles();
        long before = countInLog("Reloading config file");
        try {
            new ProcessBuilder("kill", "-USR1", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot signal tinyproxy to reload: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        // tinyproxy rereads between connections; the change counts once its log says it did.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (countInLog("Reloading config file") <= before && System.nanoTime() < deadline) {
            pause(20);
        }
        reloads++;
    }

    private void writeFiles() {
        try {
            Files.createDirectories(dir);
            write(dir.resolve("stats.txt"), TinyproxyConf.statsTemplate());
            write(dir.resolve("tinyproxy.conf"), TinyproxyConf.render(config, users, dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tinyproxy's files in " + dir, e);
        }
    }

    private static void write(Path file, String text) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(file, text, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private void launch() {
        Path out = dir.resolve("tinyproxy.out");
        Process p;
        try {
            p = new ProcessBuilder(binary, "-d", "-c", dir.resolve("tinyproxy.conf").toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot start " + binary + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_MILLIS);
        while (!accepts() && p.isAlive() && System.nanoTime() < deadline) {
            pause(20);
        }
        if (!p.isAlive() || !accepts()) {
            p.destroyForcibly();
            throw new PlatformException(ErrorCode.CONFLICT, "tinyproxy did not start on " + config.bindAddress() + ":"
                    + config.port() + ": " + lastLines(out) + lastLines(dir.resolve("tinyproxy.log")));
        }
        process = p;
        ownReads = 0;
        try {
            baseline = TinyproxyStats.read(connectHost(), config.port(), statsAuth());
        } catch (IOException e) {
            // Access rules may shut us out too: counters then stay at zero.
            baseline = TinyproxyStats.NONE;
            LOG.debug("tinyproxy counters unreadable: {}", e.getMessage());
        }
        lastStats = baseline;
        p.onExit().thenAccept(this::exited);
    }

    /** A tinyproxy that died on its own is started again, a few times a minute at most. */
    private synchronized void exited(Process p) {
        if (p != process) {
            return;
        }
        process = null;
        LOG.warn("tinyproxy exited with {}: {}", p.exitValue(), lastLines(dir.resolve("tinyproxy.log")));
        if (restarts++ < 5) {
            supervisor.schedule(() -> {
                synchronized (this) {
                    if (process == null && config != null) {
                        try {
                            launch();
                            LOG.info("tinyproxy restarted on port {}", config.port());
                        } catch (RuntimeException e) {
                            LOG.error("tinyproxy could not be restarted: {}", e.getMessage());
                        }
                    }
                }
            }, 1, TimeUnit.SECONDS);
        }
    }

    private void stopProcess() {
        Process p = process;
        process = null;
        if (p != null) {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    /**
     * Whether the port listens, read from the kernel's socket tables: a probe connection would be
     * counted by tinyproxy as one of its requests, at a moment of its own choosing (CI once saw the
     * counters one off).
     */
    private boolean accepts() {
        String port = String.format(":%04X", config.port());
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 3 && f[1].endsWith(port) && f[3].equals("0A")) { // 0A: LISTEN
                        return true;
                    }
                }
            } catch (IOException e) {
                // no IPv6 table on this kernel
            }
        }
        return false;
    }

    private String connectHost() {
        String b = config.bindAddress();
        return b.equals("0.0.0.0") ? "127.0.0.1" : b.equals("::") ? "::1" : b;
    }

    private String statsAuth() {
        if (!config.requireAuth() || users.isEmpty()) {
            return null;
        }
        Map.Entry<String, char[]> u = users.entrySet().iterator().next();
        return "Basic " + Base64.getEncoder().encodeToString((u.getKey() + ":" + new String(u.getValue()))
                .getBytes(StandardCharsets.UTF_8));
    }

    private long countInLog(String text) {
        try (var lines = Files.lines(dir.resolve("tinyproxy.log"), StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.contains(text)).count();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private static String lastLines(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            return String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Deactivate
    void close() {
        stop();
        supervisor.shutdownNow();
        LOG.info("tinyproxy web proxy closed");
    }
}
