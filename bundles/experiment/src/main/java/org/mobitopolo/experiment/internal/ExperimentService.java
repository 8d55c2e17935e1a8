package org.mobitopolo.experiment.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mobitopolo.api.experiment.ExperimentRunner;
import org.mobitopolo.api.experiment.ExperimentStatus;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.topology.RunState;
import org.mobitopolo.api.topology.TopologyController;
import org.mobitopolo.api.topology.TopologyRun;
import org.mobitopolo.api.vm.ExecResult;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs experiments through the topology controller: the file's topology deployed and prepared, cut
 * into a distributed snapshot and destroyed; then for every cell, N times, deployed from the cut with
 * the cell's changes, measured by the guests' agents, destroyed. The cut goes at the end.
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component(service = ExperimentRunner.class)
public final class ExperimentService implements ExperimentRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentService.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30); // a deploy that builds its image the first time
    private static final int LOG_LINES = 500;

    private final TopologyController controller;
    private final Path dataDir;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mobitopolo-experiment");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public ExperimentService(@Reference TopologyController controller) {
        this.controller = controller;
        this.dataDir = Path.of(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "mobitopolo", "experiments");
    }

    @Deactivate
    void deactivate() {
        synchronized (runs) {
            runs.values().forEach(r -> r.cancelled = true);
        }
        worker.shutdown();
    }

    @Override
    public ExperimentStatus start(Path file, int repetitions) {
        return start(ExperimentFile.read(file).withRepetitions(repetitions));
    }

    @Override
    public ExperimentStatus start(String experiment, Map<String, String> topologies, int repetitions) {
        return start(ExperimentFile.parse(experiment, name -> {
            String text = topologies.get(name);
            if (text == null) {
                throw new IllegalArgumentException("no file " + name + " was sent with the experiment (sent: "
                        + String.join(", ", new TreeSet<>(topologies.keySet())) + ")");
            }
            return text;
        }).withRepetitions(repetitions));
    }

    private ExperimentStatus start(ExperimentFile f) {
        synchronized (runs) {
            Optional<Run> busy = runs.values().stream().filter(r -> r.state.equals("RUNNING")).findFirst();
            if (busy.isPresent()) {
                throw new PlatformException(ErrorCode.CONFLICT, "experiment " + busy.get().file.name() + " runs (" + busy.get().id
                        + "): one at a time, since its timings are the point");
            }
            if (controller.get(f.name()).isPresent()) {
                throw new PlatformException(ErrorCode.CONFLICT, "a topology named " + f.name() + " exists: an experiment deploys "
                        + "its own under its name; destroy that one, or rename the experiment");
            }
            String id = f.name() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            Path dir = dataDir.resolve(id);
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new PlatformException(ErrorCode.FAILED, "cannot create " + dir + ": " + e.getMessage(), e);
            }
            Run run = new Run(id, f, dir);
            runs.put(id, run);
            worker.execute(run::run);
            return run.status();
        }
    }

    @Override
    public Optional<ExperimentStatus> get(String id) {
        synchronized (runs) {
            return Optional.ofNullable(runs.get(id)).map(Run::status);
        }
    }

    @Override
    public List<ExperimentStatus> list() {
        synchronized (runs) {
            return runs.values().stream().map(Run::status).toList();
        }
    }

    @Override
    public Optional<CompletionStage<ExperimentStatus>> ended(String id) {
        synchronized (runs) {
            return Optional.ofNullable(runs.get(id)).map(r -> r.ended.thenApply(s -> s));
        }
    }

    @Override
    public ExperimentStatus cancel(String id) {
        Run r;
        synchronized (runs) {
            r = runs.get(id);
        }
        if (r == null) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "no experiment run " + id);
        }
        r.cancelled = true;
        return r.status();
    }

    /**
     * The file that deploys the cut for a cell: {@code name}, {@code from-snapshot} and the cell's
     * paths set, through maps by key and lists by index ({@code nodes.proxy.nics.0.impairment}).
     */
    static String cellFile(String topology, String snapshot, Map<String, JsonNode> set) {
        ObjectNode file = JSON.createObjectNode().put("name", topology).put("from-snapshot", snapshot);
        set.forEach((path, value) -> {
            String[] keys = path.split("\\.");
            JsonNode at = file;
            for (int i = 0; i < keys.length; i++) {
                boolean last = i == keys.length - 1;
                JsonNode next = last ? value : keys[i + 1].matches("\\d{1,3}") ? JSON.createArrayNode() : JSON.createObjectNode();
                if (at instanceof ObjectNode o) {
                    at = last ? o.set(keys[i], next) : o.has(keys[i]) ? o.get(keys[i]) : o.set(keys[i], next).get(keys[i]);
                } else if (at instanceof ArrayNode a && keys[i].matches("\\d{1,3}")) {
                    int index = Integer.parseInt(keys[i]);
                    while (a.size() <= index) {
                        a.addObject(); // the NICs before it: unchanged
                    }
                    if (last || !a.get(index).isContainerNode() || a.get(index).isEmpty()) {
                        a.set(index, next);
                    }
                    at = a.get(index);
                } else {
                    throw new PlatformException(ErrorCode.BAD_REQUEST, "cell path " + path + ": " + keys[i] + " is not a key or index there");
                }
            }
        });
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One experiment run, on the worker thread. */
    private final class Run {
        final String id;
        final ExperimentFile file;
        final Path dir;
        final Results results;
        final CompletableFuture<ExperimentStatus> ended = new CompletableFuture<>();
        final List<String> log = new ArrayList<>();
        long logLines;
        volatile String state = "RUNNING";
        volatile int done;
        volatile String summary = "";
        volatile String error = "";
        volatile boolean cancelled;

        Run(String id, ExperimentFile file, Path dir) {
            this.id = id;
            this.file = file;
            this.dir = dir;
            this.results = new Results(file.name(), file.cells().stream().map(ExperimentFile.Cell::name).toList(), file.measurements());
        }

        ExperimentStatus status() {
            synchronized (log) {
                return new ExperimentStatus(id, file.name(), state, done, file.total(), log, logLines, dir.toString(), summary, error);
            }
        }

        void say(String cell, int repetition, String line) {
            synchronized (log) {
                log.add(line);
                logLines++;
                if (log.size() > LOG_LINES) {
                    log.remove(0);
                }
            }
            LOG.info("Experiment {}: {}", id, line);
            EventAdmin admin = events;
            if (admin != null) {
                admin.postEvent(new Event(TOPIC, Map.of("id", id, "experiment", file.name(), "cell", cell, "repetition", repetition,
                        "done", done, "total", file.total(), "line", line)));
            }
        }

        void run() {
            String cut = file.name().substring(0, Math.min(file.name().length(), 24)) + "-" + UUID.randomUUID().toString().substring(0, 6);
            boolean cutTaken = false;
            try {
                say("", 0, "deploying " + file.name() + " to prepare it");
                await(controller.deploy(named(file.topology(), file.name())), "the deploy");
                for (ExperimentFile.Command c : file.prepare()) {
                    ExecResult r = controller.exec(file.name(), c.node(), c.argv(), Duration.ofMinutes(5));
                    if (r.exitCode() != 0) {
                        throw new PlatformException(ErrorCode.FAILED, "preparing: " + String.join(" ", c.argv()) + " on " + c.node()
                                + " exited " + r.exitCode() + ": " + r.stderr().strip());
                    }
                    say("", 0, "prepared " + c.node() + ": " + String.join(" ", c.argv()));
                }
                await(controller.snapshot(file.name(), cut), "the distributed snapshot");
                cutTaken = true;
                say("", 0, "cut " + cut + " taken; every repetition starts from it");
                await(controller.destroy(file.name()), "the destroy");
                for (ExperimentFile.Cell cell : file.cells()) {
                    for (int rep = 1; rep <= file.repetitions() && !cancelled; rep++) {
                        repetition(cell, rep, cut);
                        done++;
                        results.writeRows(dir.resolve("results.csv"));
                    }
                }
                finish(cancelled ? "CANCELLED" : "COMPLETED");
            } catch (RuntimeException | IOException e) {
                error = e.getMessage() == null ? e.toString() : e.getMessage();
                LOG.warn("Experiment {} failed", id, e);
                finish("FAILED");
            } finally {
                if (controller.get(file.name()).isPresent()) {
                    tryTo(() -> await(controller.destroy(file.name()), "the destroy"));
                }
                if (cutTaken) {
                    tryTo(() -> controller.deleteSnapshot(cut));
                }
                ended.complete(status());
            }
        }

        private void repetition(ExperimentFile.Cell cell, int rep, String cut) throws IOException {
            String where = cell.name() + " #" + rep;
            try {
                await(controller.deploy(cellFile(file.name(), cut, cell.set())), "the deploy of " + where);
            } catch (PlatformException e) {
                file.measurements().forEach(m -> results.add(new Results.Row(cell.name(), rep, m.name(), Double.NaN, m.unit(),
                        "not deployed: " + e.getMessage(), System.currentTimeMillis())));
                say(cell.name(), rep, where + ": not deployed: " + e.getMessage());
                return;
            }
            try {
                List<String> values = new ArrayList<>();
                for (Measurement m : file.measurements()) {
                    long started = System.currentTimeMillis();
                    try {
                        double v = m.value(controller.exec(file.name(), m.node(), m.argv(), m.timeout()));
                        results.add(new Results.Row(cell.name(), rep, m.name(), v, m.unit(), "", started));
                        values.add(m.name() + " " + Results.number(v));
                    } catch (IllegalArgumentException | PlatformException e) {
                        results.add(new Results.Row(cell.name(), rep, m.name(), Double.NaN, m.unit(), e.getMessage(), started));
                        values.add(m.name() + " failed (" + e.getMessage() + ")");
                    }
                }
                say(cell.name(), rep, where + " (" + (done + 1) + "/" + file.total() + "): " + String.join(", ", values));
            } finally {
                await(controller.destroy(file.name()), "the destroy of " + where);
            }
        }

        private void finish(String how) {
            try {
                results.writeRows(dir.resolve("results.csv"));
                results.writeSummary(dir.resolve("summary.csv"));
                summary = results.table();
                Files.writeString(dir.resolve("summary.txt"), summary);
                try {
                    Plot.draw(dir, results, file.cells().stream().map(ExperimentFile.Cell::name).toList(), file.measurements(),
                            file.name() + ": mean, min and max of " + file.repetitions() + " repetitions");
                } catch (IOException e) {
                    error = (error.isEmpty() ? "" : error + "; ") + "no plot: " + e.getMessage();
                }
            } catch (IOException e) {
                error = (error.isEmpty() ? "" : error + "; ") + "results not written: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            state = how;
            say("", 0, how.toLowerCase() + ": " + done + " of " + file.total() + " repetitions; results in " + dir);
        }

        /** Waits for a topology run to end; one that did not complete fails the step. */
        private void await(TopologyRun started, String what) {
            TopologyRun run = started;
            try {
                if (run.state() == RunState.RUNNING) {
                    run = controller.ended(run.id()).orElseThrow().toCompletableFuture()
                            .get(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlatformException(ErrorCode.UNAVAILABLE, what + " was interrupted");
            } catch (ExecutionException | TimeoutException e) {
                throw new PlatformException(ErrorCode.FAILED, what + " did not end within " + RUN_TIMEOUT.toMinutes() + " min");
            }
            if (run.state() != RunState.COMPLETED) {
                throw new PlatformException(ErrorCode.FAILED, what + " failed: " + run.error());
            }
        }

        private void tryTo(Runnable cleanup) {
            try {
                cleanup.run();
            } catch (RuntimeException e) {
                say("", 0, "could not clean up: " + e.getMessage());
            }
        }
    }

    /** The topology file with the experiment's name, so that its VMs and networks are the experiment's. */
    private static String named(String topology, String name) {
        try {
            JsonNode file = YAML.readTree(topology);
            if (!(file instanceof ObjectNode o)) {
                throw new PlatformException(ErrorCode.BAD_REQUEST, "the experiment's topology file is no mapping");
            }
            o.put("name", name);
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "the experiment's topology file is not YAML: " + e.getMessage());
        }
    }
}
