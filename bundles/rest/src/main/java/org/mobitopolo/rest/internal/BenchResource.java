package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Response;
import org.mobitopolo.api.bench.BandwidthProbe;
import org.mobitopolo.api.bench.BandwidthServer;
import org.mobitopolo.api.bench.LatencyProbe;
import org.mobitopolo.api.bench.LatencyRequest;
import org.mobitopolo.api.bench.LatencyResult;
import org.mobitopolo.api.bench.ProbeInterval;
import org.mobitopolo.api.bench.ProbeRequest;
import org.mobitopolo.api.bench.ProbeResult;
import org.mobitopolo.api.bench.ServerStatus;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/bench}: bandwidth tests against iperf3 servers (answered {@code 202} at once;
 * {@code GET /bench/runs/{id}} shows each interval as it passes, then the results, also in iperf3's
 * {@code --json} shape), this host's iperf3 server, and latency.
 */
@Component(service = BenchResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Path("bench")
@Produces(APPLICATION_JSON)
public final class BenchResource {
    private static final String FEATURE = "mobitopolo-bench-iperf";

    /** A test to run; only the host is required: port 5201, TCP, one stream, 10 s by default. */
    public record RunBody(String host, Integer port, Boolean udp, Boolean reverse, Integer parallel, Integer seconds,
            Long bitsPerSecond, Long bytes) {
        ProbeRequest request() {
            if (host == null) {
                throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be {\"host\", \"port\", \"udp\", "
                        + "\"reverse\", \"parallel\", \"seconds\", \"bitsPerSecond\", \"bytes\"}; host is required");
            }
            return new ProbeRequest(host, or(port, 5201), or(udp, false), or(reverse, false), or(parallel, 1),
                    or(seconds, 10), or(bitsPerSecond, 0L), or(bytes, 0L));
        }
    }

    /** A test's state: running with the intervals so far, completed with its result, or failed with why. */
    public record RunInfo(String id, String state, ProbeRequest request, List<ProbeInterval> intervals,
            ProbeResult result, String error, Map<String, Object> iperf3) {}

    /** Where the server listens: all addresses and port 5201 by default. */
    public record ServerBody(String address, Integer port) {}

    /** A latency measurement; port 5201, 10 samples 100 ms apart by default. */
    public record LatencyBody(String host, Integer port, Integer count, Integer intervalMillis) {}

    private final BenchRuns runs = new BenchRuns(this::post);
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BandwidthProbe probe;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BandwidthServer server;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LatencyProbe latency;

    @POST
    @Path("runs")
    @Consumes(APPLICATION_JSON)
    @Summary("Start a bandwidth test against an iperf3 server, body {\"host\", \"port\", \"udp\", \"reverse\", "
            + "\"parallel\", \"seconds\", \"bitsPerSecond\", \"bytes\"}")
    public Response run(RunBody body) {
        if (body == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be {\"host\", ...}");
        }
        ProbeRequest request = body.request();
        BenchRuns.Run run = runs.start(PlatformException.requirePlugin(probe, "bandwidth probe", FEATURE), request);
        return Response.accepted(info(run)).location(URI.create("bench/runs/" + run.id)).build();
    }

    @GET
    @Path("runs")
    @Summary("The bandwidth tests started here: running ones and the latest ended ones")
    public List<RunInfo> list() {
        return runs.list().stream().map(BenchResource::info).toList();
    }

    @GET
    @Path("runs/{id}")
    @Summary("One bandwidth test: intervals so far, then bytes, bit/s, retransmits, UDP jitter and loss")
    public RunInfo get(@PathParam("id") String id) {
        return runs.find(id).map(BenchResource::info)
                .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no bandwidth test " + id));
    }

    @GET
    @Path("server")
    @Summary("This host's iperf3 server: where it listens, tests served, failed and malformed, the latest tests")
    public ServerStatus server() {
        return bandwidthServer().status();
    }

    @PUT
    @Path("server")
    @Consumes(APPLICATION_JSON)
    @Summary("Start this host's iperf3 server, body {\"address\": \"0.0.0.0\", \"port\": 5201}")
    public ServerStatus startServer(ServerBody body) {
        ServerBody b = body != null ? body : new ServerBody(null, null);
        return bandwidthServer().start(b.address() != null ? b.address() : "0.0.0.0", b.port() != null ? b.port() : 5201);
    }

    @DELETE
    @Path("server")
    @Summary("Stop this host's iperf3 server; tests in flight end")
    public ServerStatus stopServer() {
        return bandwidthServer().stop();
    }

    @POST
    @Path("latency")
    @Consumes(APPLICATION_JSON)
    @Summary("Round-trip times by TCP connect, body {\"host\", \"port\", \"count\", \"intervalMillis\"}: min, "
            + "percentiles, max")
    public LatencyResult latency(LatencyBody body) {
        if (body == null || body.host() == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be {\"host\", \"port\", \"count\", "
                    + "\"intervalMillis\"}; host is required");
        }
        LatencyRequest request = new LatencyRequest(body.host(), or(body.port(), 5201), or(body.count(), 10),
                or(body.intervalMillis(), 100));
        LatencyProbe p = PlatformException.requirePlugin(latency, "latency probe", FEATURE);
        try {
            return p.measure(request, rtt -> { }).toCompletableFuture().get(2L * request.count()
                    * (request.intervalMillis() + 2000) + 1000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e.getCause());
        } catch (TimeoutException e) {
            throw new PlatformException(ErrorCode.FAILED, "latency measurement to " + body.host() + " timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException(ErrorCode.FAILED, "interrupted");
        }
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            admin.postEvent(new Event(topic, properties));
        }
    }

    private BandwidthServer bandwidthServer() {
        return PlatformException.requirePlugin(server, "bandwidth server", FEATURE);
    }

    private static RunInfo info(BenchRuns.Run run) {
        List<ProbeInterval> intervals = List.copyOf(run.intervals);
        return new RunInfo(run.id, run.state(), run.request, intervals, run.result, run.error,
                Iperf3Json.of(run.request, intervals, run.result));
    }

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }
}
