package org.mobitopolo.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.mobitopolo.api.bench.BandwidthProbe;
import org.mobitopolo.api.bench.ProbeInterval;
import org.mobitopolo.api.bench.ProbeRequest;
import org.mobitopolo.api.bench.ProbeResult;

/**
 * Bandwidth tests started over REST: running ones with their intervals so far, and the latest ended
 * ones. Each interval and each end is posted as an OSGi event, for the dashboard's live chart.
 */
final class BenchRuns {
    /** Event topic of a test's intervals: {@code run} and the fields of {@link ProbeInterval}. */
    static final String INTERVAL_TOPIC = "org/mobitopolo/bench/INTERVAL";
    /** Event topic of a test's end: {@code run}, {@code state} (completed or failed), {@code bitsPerSecond} or {@code error}. */
    static final String RUN_TOPIC = "org/mobitopolo/bench/RUN";
    private static final int KEPT = 50;

    /** One run as {@code GET /bench/runs/{id}} shows it. */
    static final class Run {
        final String id;
        final ProbeRequest request;
        final List<ProbeInterval> intervals = new CopyOnWriteArrayList<>();
        volatile ProbeResult result;
        volatile String error;

        Run(String id, ProbeRequest request) {
            this.id = id;
            this.request = request;
        }

        String state() {
            return result != null ? "completed" : error != null ? "failed" : "running";
        }
    }

    private final Map<String, Run> runs = new LinkedHashMap<>();
    private final BiConsumer<String, Map<String, Object>> events;

    /** @param events posts an event of that topic and those properties, or drops it when nobody can take it */
    BenchRuns(BiConsumer<String, Map<String, Object>> events) {
        this.events = events;
    }

    Run start(BandwidthProbe probe, ProbeRequest request) {
        Run run = new Run(UUID.randomUUID().toString().substring(0, 8), request);
        synchronized (runs) {
            runs.put(run.id, run);
            // Forget the oldest ended runs; running ones stay whatever their number.
            var ended = runs.values().stream().filter(r -> !r.state().equals("running")).iterator();
            while (runs.size() > KEPT && ended.hasNext()) {
                ended.next();
                ended.remove();
            }
        }
        probe.run(request, interval -> {
            run.intervals.add(interval);
            events.accept(INTERVAL_TOPIC, Map.of("run", run.id, "startSeconds", interval.startSeconds(),
                    "endSeconds", interval.endSeconds(), "bytes", interval.bytes(), "bitsPerSecond", interval.bitsPerSecond(),
                    "packets", interval.packets(), "lostPackets", interval.lostPackets(), "jitterMillis", interval.jitterMillis()));
        }).whenComplete((result, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                run.error = String.valueOf(cause.getMessage());
                events.accept(RUN_TOPIC, Map.of("run", run.id, "state", run.state(), "error", run.error));
            } else {
                run.result = result;
                events.accept(RUN_TOPIC, Map.of("run", run.id, "state", run.state(), "bitsPerSecond", result.bitsPerSecond()));
            }
        });
        return run;
    }

    List<Run> list() {
        synchronized (runs) {
            return new ArrayList<>(runs.values());
        }
    }

    Optional<Run> find(String id) {
        synchronized (runs) {
            return Optional.ofNullable(runs.get(id));
        }
    }
}
