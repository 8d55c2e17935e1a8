package org.mobitopolo.transfer.internal;

import java.net.URI;
import java.net.http.HttpClient;
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
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.PeerCredentials;
import org.mobitopolo.api.transfer.TransferInfo;
import org.mobitopolo.api.transfer.TransferState;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transfers of one kind: each on a thread of its own, watched every 250 ms (progress events,
 * stalled sources), kept with their outcome while this runtime runs (every running one, the newest
 * ended ones), by name.
 */
final class TransferTable {
    private static final Logger LOG = LoggerFactory.getLogger(TransferTable.class);
    private static final long TICK_MILLIS = 250;

    /** What the service of one kind gives its table. */
    record Settings(Kind kind, String topic, Duration stallTimeout, int keepFinished, Supplier<PeerCredentials> peers,
            Supplier<EventAdmin> events) {}

    private final Settings settings;
    private final Attempt attempt;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
    /** By name, in the order they started. */
    private final Map<String, Transfer> transfers = new LinkedHashMap<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService ticker;

    TransferTable(Settings settings, Attempt.Work work) {
        this.settings = settings;
        this.attempt = new Attempt(work);
        String thread = "mobitopolo-" + settings.kind().word + "-transfer";
        workers = Executors.newCachedThreadPool(r -> daemon(r, thread));
        ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, thread + "-watch"));
        ticker.scheduleAtFixedRate(this::watch, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Stops the running transfers (what they received is kept) and the threads. */
    void close() {
        List<Transfer> running;
        synchronized (transfers) {
            running = transfers.values().stream().filter(Transfer::running).toList();
        }
        running.forEach(t -> t.stop("this host's transfer service stopped", true));
        running.forEach(t -> t.await(5000));
        ticker.shutdownNow();
        workers.shutdownNow();
    }

    /** Fetches {@code name} unless {@code here} says it is here, or joins its running transfer. */
    CompletionStage<TransferInfo> fetch(String name, URI from, long rateBytesPerSecond, Predicate<String> here) {
        Names.source(from);
        if (rateBytesPerSecond < 0) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "the rate is bytes per second, 0 for no limit, got "
                    + rateBytesPerSecond);
        }
        Kind kind = settings.kind();
        synchronized (transfers) {
            Transfer running = transfers.get(name);
            if (running != null && running.running()) {
                return running.done.thenApply(i -> i); // joins it; the caller cannot complete it
            }
            if (here.test(name)) {
                Transfer present = Transfer.present(kind, name, from);
                keep(present);
                return CompletableFuture.completedStage(present.info());
            }
            Transfer t = new Transfer(kind, name, from, rateBytesPerSecond);
            keep(t);
            PeerCredentials credentials = settings.peers().get();
            SourceHost source = new SourceHost(http, from,
                    credentials == null ? Optional.empty() : credentials.authorization(from), settings.stallTimeout());
            LOG.info("Fetching {} from {}{}", t.what(), from,
                    rateBytesPerSecond > 0 ? " at " + rateBytesPerSecond + " bytes/s at most" : "");
            t.done.whenComplete((info, failure) -> post(t.info()));
            workers.execute(() -> attempt.run(t, source));
            return t.done.thenApply(i -> i);
        }
    }

    /** Lists {@code t} last, forgetting the oldest ended transfers beyond {@code keepFinished}. */
    private void keep(Transfer t) {
        transfers.remove(t.name);
        transfers.put(t.name, t);
        long ended = transfers.values().stream().filter(x -> !x.running()).count();
        for (Iterator<Transfer> i = transfers.values().iterator(); i.hasNext() && ended > settings.keepFinished(); ) {
            if (!i.next().running()) {
                i.remove();
                ended--;
            }
        }
    }

    List<TransferInfo> list() {
        synchronized (transfers) {
            return transfers.values().stream().map(Transfer::info).toList();
        }
    }

    Optional<TransferInfo> get(String name) {
        synchronized (transfers) {
            return Optional.ofNullable(transfers.get(name)).map(Transfer::info);
        }
    }

    TransferInfo cancel(String name) {
        Transfer t;
        synchronized (transfers) {
            t = transfers.get(name);
        }
        String what = settings.kind().word + " " + name;
        if (t == null) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "no transfer of " + what);
        }
        if (!t.stop("cancelled", true)) {
            throw new PlatformException(ErrorCode.CONFLICT, "the transfer of " + what + " is "
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
        Duration stall = settings.stallTimeout();
        for (Transfer t : running) {
            if (t.stalled(stall.toNanos())) {
                t.stop("the source sent nothing for " + stall.toSeconds() + " s", false);
            }
            TransferInfo i = t.info();
            if (i.state() == TransferState.RUNNING) { // an ended one has had its last event
                post(i);
            }
        }
    }

    private void post(TransferInfo i) {
        EventAdmin admin = settings.events().get();
        if (admin == null) {
            return;
        }
        admin.postEvent(new Event(settings.topic(), Map.of(settings.kind().word, i.name(), "from", i.from().toString(),
                "state", i.state().name(), "doneBytes", i.doneBytes(), "totalBytes", i.totalBytes(), "error", i.error())));
    }
}
