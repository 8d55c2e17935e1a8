package org.mobitopolo.controller.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.topology.Plan;
import org.mobitopolo.api.topology.RunState;
import org.mobitopolo.api.topology.Step;
import org.mobitopolo.api.topology.StepKind;
import org.mobitopolo.api.topology.StepRun;
import org.mobitopolo.api.topology.StepState;
import org.mobitopolo.api.topology.TopologyRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plan wave by wave: the steps of a wave at once, at most {@link Plan#parallelism} of them per
 * host doing work there (a step that waits for a guest to boot gives its slot up: the guest's CPU is
 * the guest's), each journaled as it ends. A deploy stops after the wave where a step failed (its
 * other steps finish); a destroy goes on, so that everything reachable is removed and only what an
 * unreachable host keeps is left for a later destroy, and so does a snapshot, so that every VM it froze
 * is resumed.
 */
final class PlanRun {
    /** What a run tells the world of each step: the journal, an OSGi event, the log. */
    interface Listener {
        void step(TopologyRun run, Step step, StepRun now);
    }

    private static final Logger LOG = LoggerFactory.getLogger(PlanRun.class);

    private final Plan plan;
    private final StepRunner runner;
    private final Journal journal;
    private final Listener listener;
    private final ExecutorService threads;
    private final List<StepRun> steps;
    private final CompletableFuture<TopologyRun> ended = new CompletableFuture<>();
    private volatile TopologyRun run;

    PlanRun(TopologyRun run, Plan plan, StepRunner runner, Journal journal, Listener listener, ExecutorService threads) {
        this.run = run;
        this.plan = plan;
        this.runner = runner;
        this.journal = journal;
        this.listener = listener;
        this.threads = threads;
        this.steps = new ArrayList<>(run.steps());
    }

    /** The run as it stands now. */
    TopologyRun now() {
        return run;
    }

    /** Completes with the run as it ended, once it is journaled so. */
    CompletionStage<TopologyRun> ended() {
        return ended.minimalCompletionStage();
    }

    /** Runs every wave; returns the run's end state, journaled. */
    TopologyRun run(Consumer<TopologyRun> finished) {
        List<String> failures = new ArrayList<>();
        boolean keepGoing = run.action() != TopologyRun.Action.DEPLOY && run.action() != TopologyRun.Action.MOVE;
        int seq = 0;
        for (List<Step> wave : plan.waves()) {
            Map<String, Semaphore> slots = new HashMap<>();
            // the wave's VMs start together, once all are defined (StepRunner)
            CountDownLatch defined = new CountDownLatch((int) wave.stream().filter(s -> s.kind() == StepKind.CREATE_VM).count());
            List<Future<?>> running = new ArrayList<>();
            for (Step step : wave) {
                int index = seq++;
                Semaphore slot = slots.computeIfAbsent(step.host(), h -> new Semaphore(plan.parallelism(h)));
                running.add(threads.submit(() -> {
                    slot.acquireUninterruptibly();
                    AtomicBoolean held = new AtomicBoolean(true);
                    Runnable release = () -> {
                        if (held.getAndSet(false)) {
                            slot.release();
                        }
                    };
                    try {
                        String error = one(index, step, release, defined);
                        if (error != null) {
                            synchronized (failures) {
                                failures.add(step.detail() + ": " + error);
                            }
                        }
                    } finally {
                        release.run();
                    }
                }));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running.forEach(r -> r.cancel(true));
                    failures.add("the controller stopped during the run");
                    break;
                } catch (ExecutionException e) {
                    failures.add(String.valueOf(e.getCause()));
                }
            }
            if (!failures.isEmpty() && (!keepGoing || Thread.currentThread().isInterrupted())) {
                break;
            }
        }
        RunState state = failures.isEmpty() ? RunState.COMPLETED : RunState.FAILED;
        String error = failures.isEmpty() ? "" : (failures.size() == 1 ? "step failed: " : failures.size() + " steps failed: ")
                + String.join("; ", failures);
        long end = System.currentTimeMillis();
        journal.finishRun(run.id(), state, end, error);
        synchronized (steps) {
            steps.replaceAll(s -> s.state() == StepState.PENDING || s.state() == StepState.RUNNING
                    ? new StepRun(s.wave(), s.key(), s.host(), s.kind(), s.detail(), StepState.SKIPPED, s.millis(), "") : s);
            run = new TopologyRun(run.id(), run.topology(), run.action(), state, run.summary(), steps, run.startedMillis(), end, error);
        }
        try {
            finished.accept(run);
        } finally {
            ended.complete(run);
        }
        return run;
    }

    /** One step; returns why it failed, or {@code null}. {@code release} frees its slot on the host early. */
    private String one(int index, Step step, Runnable release, CountDownLatch allDefined) {
        long start = System.nanoTime();
        AtomicBoolean counted = new AtomicBoolean(step.kind() != StepKind.CREATE_VM);
        Runnable defined = () -> { // once, however the step ends: no VM of the wave waits for it in vain
            if (!counted.getAndSet(true)) {
                allDefined.countDown();
            }
        };
        try {
            update(index, step, StepState.RUNNING, 0, "");
            runner.run(step, release, defined, allDefined);
            update(index, step, StepState.DONE, millisSince(start), "");
            return null;
        } catch (PlatformException | IllegalArgumentException e) {
            update(index, step, StepState.FAILED, millisSince(start), e.getMessage());
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            update(index, step, StepState.FAILED, millisSince(start), "interrupted: the controller stopped");
            return "interrupted: the controller stopped";
        } catch (RuntimeException e) {
            LOG.warn("Step {} of run {} failed", step.key(), run.id(), e);
            update(index, step, StepState.FAILED, millisSince(start), e.toString());
            return e.toString();
        } finally {
            defined.run();
        }
    }

    private void update(int index, Step step, StepState state, long millis, String error) {
        StepRun now;
        synchronized (steps) {
            StepRun was = steps.get(index);
            now = new StepRun(was.wave(), was.key(), was.host(), was.kind(), was.detail(), state, millis, error);
            steps.set(index, now);
            run = new TopologyRun(run.id(), run.topology(), run.action(), run.state(), run.summary(), steps, run.startedMillis(),
                    run.finishedMillis(), run.error());
        }
        try {
            if (state != StepState.RUNNING) { // what a step did is journaled; that it runs, only told
                journal.updateStep(run.id(), index, state, millis, error);
            }
        } catch (PlatformException storeDown) {
            LOG.warn("Run {}: step {} is {} but the journal could not say so: {}", run.id(), step.key(), state, storeDown.getMessage());
        }
        listener.step(run, step, now);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
