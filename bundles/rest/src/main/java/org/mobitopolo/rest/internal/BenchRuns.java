package org.mobitopolo.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mobitopolo.api.bench.BandwidthProbe;
import org.mobitopolo.api.bench.ProbeInterval;
import org.mobitopolo.api.bench.ProbeRequest;
import org.mobitopolo.api.bench.ProbeResult;

/** Bandwidth tests started over REST: running ones with their intervals so far, and the latest ended ones. */
final class BenchRuns {
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
        probe.run(request, run.intervals::add).whenComplete((result, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                run.error = cause.getMessage();
            } else {
                run.result = result;
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
