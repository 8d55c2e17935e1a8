package org.mobitopolo.transfer.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.PeerCredentials;
import org.mobitopolo.api.transfer.SnapshotTransfers;
import org.mobitopolo.api.transfer.TransferInfo;
import org.mobitopolo.api.transfer.TransferState;
import org.mobitopolo.api.vm.VmRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshot transfers over HTTP: each on a thread of its own, watched every 250 ms (progress events,
 * stalled sources), kept with their outcome while this runtime runs (every running one, the newest
 * ended ones).
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component(service = SnapshotTransfers.class, configurationPid = "org.mobitopolo.transfer")
@Designate(ocd = TransferService.Config.class)
public final class TransferService implements SnapshotTransfers {
    private static final Logger LOG = LoggerFactory.getLogger(TransferService.class);
    private static final long TICK_MILLIS = 250;

    @ObjectClassDefinition(name = "Mobitopolo snapshot transfer")
    public @interface Config {
        @AttributeDefinition(description = "Where fetched files wait for their import, and base images are kept; "
                + "empty for ${karaf.data}/mobitopolo/transfers")
        String dataDir() default "";

        @AttributeDefinition(description = "Seconds a source may send nothing (or not answer a request) before the "
                + "transfer fails; a new fetch resumes it", min = "1")
        int stallTimeoutSeconds() default 30;

        @AttributeDefinition(description = "Ended transfers still listed; the oldest are forgotten first, running ones never", min = "0")
        int keepFinished() default 100;
    }

    private final VmRegistry registry;
    private final Staging staging;
    private final Attempt attempt;
    private final Duration stallTimeout;
    private final int keepFinished;
    private final HttpClient http;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PeerCredentials peers;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;
    /** By snapshot name, in the order they started. */
    private final Map<String, Transfer> transfers = new LinkedHashMap<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mobitopolo-transfer");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mobitopolo-transfer-watch");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public TransferService(@Reference VmRegistry registry, Config config) {
        this.registry = registry;
        Path data = config.dataDir().isEmpty()
                ? Path.of(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "mobitopolo", "transfers")
                : Path.of(config.dataDir());
        this.staging = new Staging(data);
        this.attempt = new Attempt(registry, staging);
        this.stallTimeout = Duration.ofSeconds(config.stallTimeoutSeconds());
        this.keepFinished = config.keepFinished();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        ticker.scheduleAtFixedRate(this::watch, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info("Snapshot transfers staged in {}", data);
    }

    @Deactivate
    void deactivate() {
        List<Transfer> running;
        synchronized (transfers) {
            running = transfers.values().stream().filter(Transfer::running).toList();
        }
        running.forEach(t -> t.stop("this host's transfer service stopped", true));
        running.forEach(t -> t.await(5000));
        ticker.shutdownNow();
        workers.shutdownNow();
        LOG.info("Snapshot transfers stopped");
    }

    @Override
    public CompletionStage<TransferInfo> fetch(String snapshot, URI from, long rateBytesPerSecond) {
        Names.snapshot(snapshot);
        Names.source(from);
        if (rateBytesPerSecond < 0) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "the rate is bytes per second, 0 for no limit, got "
                    + rateBytesPerSecond);
        }
        synchronized (transfers) {
            Transfer running = transfers.get(snapshot);
            if (running != null && running.running()) {
                return running.done.thenApply(i -> i); // joins it; the caller cannot complete it
            }
            if (registry.snapshots().stream().anyMatch(s -> s.name().equals(snapshot))) {
                Transfer present = Transfer.present(snapshot, from);
                keep(present);
                return CompletableFuture.completedStage(present.info());
            }
            Transfer t = new Transfer(snapshot, from, rateBytesPerSecond);
            keep(t);
            PeerCredentials credentials = peers;
            SourceHost source = new SourceHost(http, from,
                    credentials == null ? Optional.empty() : credentials.authorization(from), stallTimeout);
            LOG.info("Fetching snapshot {} from {}{}", snapshot, from,
                    rateBytesPerSecond > 0 ? " at " + rateBytesPerSecond + " bytes/s at most" : "");
            t.done.whenComplete((info, failure) -> post(t.info()));
            workers.execute(() -> attempt.run(t, source));
            return t.done.thenApply(i -> i);
        }
    }

    /** Lists {@code t} last, forgetting the oldest ended transfers beyond {@code keepFinished}. */
    private void keep(Transfer t) {
        transfers.remove(t.snapshot);
        transfers.put(t.snapshot, t);
        long ended = transfers.values().stream().filter(x -> !x.running()).count();
        for (Iterator<Transfer> i = transfers.values().iterator(); i.hasNext() && ended > keepFinished; ) {
            if (!i.next().running()) {
                i.remove();
                ended--;
            }
        }
    }

    @Override
    public List<TransferInfo> list() {
        synchronized (transfers) {
            return transfers.values().stream().map(Transfer::info).toList();
        }
    }

    @Override
    public Optional<TransferInfo> get(String snapshot) {
        synchronized (transfers) {
            return Optional.ofNullable(transfers.get(snapshot)).map(Transfer::info);
        }
    }

    @Override
    public TransferInfo cancel(String snapshot) {
        Transfer t;
        synchronized (transfers) {
            t = transfers.get(snapshot);
        }
        if (t == null) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "no transfer of snapshot " + snapshot);
        }
        if (!t.stop("cancelled", true)) {
            throw new PlatformException(ErrorCode.CONFLICT, "the transfer of snapshot " + snapshot + " is "
                    + (t.running() ? "importing it, too late to cancel" : t.info().state().name().toLowerCase() + " already"));
        }
        t.await(10_000);
        return t.info();
    }

    /** Every tick: progress of the running transfers as events, and a stalled source stopped. */
    private void watch() {
        List<Transfer> running;
        synchronized (transfers) {
            running = new ArrayList<>(transfers.values().stream().filter(Transfer::running).toList());
        }
        for (Transfer t : running) {
            if (t.stalled(stallTimeout.toNanos())) {
                t.stop("the source sent nothing for " + stallTimeout.toSeconds() + " s", false);
            }
            TransferInfo i = t.info();
            if (i.state() == TransferState.RUNNING) { // an ended one has had its last event
                post(i);
            }
        }
    }

    private void post(TransferInfo i) {
        EventAdmin admin = events;
        if (admin == null) {
            return;
        }
        admin.postEvent(new Event(TOPIC, Map.of("snapshot", i.snapshot(), "from", i.from().toString(),
                "state", i.state().name(), "doneBytes", i.doneBytes(), "totalBytes", i.totalBytes(), "error", i.error())));
    }
}
