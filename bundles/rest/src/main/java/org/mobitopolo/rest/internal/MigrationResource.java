package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Response;
import org.mobitopolo.api.migration.Arrival;
import org.mobitopolo.api.migration.MigrationEngine;
import org.mobitopolo.api.migration.MigrationInfo;
import org.mobitopolo.api.migration.MigrationPolicy;
import org.mobitopolo.api.migration.MigrationPolicy.NoConvergence;
import org.mobitopolo.api.migration.MigrationRequest;
import org.mobitopolo.api.migration.NicOrigin;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.IncomingVm;
import org.mobitopolo.api.vm.VmSpec;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/migrations}: moving running VMs to other hosts. A move takes seconds to minutes: it
 * answers {@code 202} at once, and {@code GET /migrations/{id}} shows its progress round by round.
 * {@code /migrations/incoming} is the target's half, called by the source host's engine.
 */
@Component(service = MigrationResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Path("migrations")
@Produces(APPLICATION_JSON)
public final class MigrationResource {
    /** Defaults of a move's policy: no cap, 300 ms of downtime, 30 rounds, 10 minutes, then raise the downtime. */
    public record PolicyBody(Long bandwidthBytesPerSecond, Long downtimeBudgetMillis, Integer maxRounds,
            Long maxTimeMillis, NoConvergence onNoConvergence) {
        MigrationPolicy policy() {
            return new MigrationPolicy(or(bandwidthBytesPerSecond, 0L), or(downtimeBudgetMillis, 300L), or(maxRounds, 30),
                    or(maxTimeMillis, 600_000L), or(onNoConvergence, NoConvergence.RAISE_DOWNTIME));
        }

        private static <T> T or(T value, T otherwise) {
            return value != null ? value : otherwise;
        }
    }

    /**
     * A move to start: the VM, the target host's Mobitopolo URL, the policy (every field optional),
     * the rebinding strategies ({@code arp} when absent; several comma-separated, e.g. {@code dns,forward})
     * and where NICs go on the target (source network → target network; a network not named keeps its name).
     */
    public record MoveBody(String vm, URI target, PolicyBody policy, String rebind, Map<String, String> networks) {}

    /** The target's half: the VM to prepare, the size of its disk, the address to wait on. */
    public record IncomingBody(VmSpec spec, long diskBytes, String host) {}

    /** The target's half: how to rebind the VM once it runs here ({@code arp} when absent), and where its NICs were, by MAC. */
    public record CompleteBody(String rebind, Map<String, NicOrigin> origins) {}

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MigrationEngine engine;

    private MigrationEngine engine() {
        return PlatformException.requirePlugin(engine, "migration engine", "mobitopolo-migration-precopy");
    }

    @POST
    @Consumes(APPLICATION_JSON)
    @Summary("Move a running VM to another host, body {\"vm\", \"target\": \"http://HOST:8181\", \"policy\": "
            + "{\"bandwidthBytesPerSecond\", \"downtimeBudgetMillis\", \"maxRounds\", \"maxTimeMillis\", \"onNoConvergence\"}, "
            + "\"rebind\": \"arp\" or \"none\" or other installed strategies (\"dns,forward\"), \"networks\": {\"site-a\": \"site-b\"}}")
    public Response migrate(MoveBody body) {
        if (body == null || body.vm() == null || body.target() == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be {\"vm\", \"target\": \"http://HOST:8181\", "
                    + "\"policy\": {...}}");
        }
        MigrationPolicy policy = (body.policy() != null ? body.policy() : new PolicyBody(null, null, null, null, null)).policy();
        String id = body.vm() + "-" + UUID.randomUUID().toString().substring(0, 6);
        String rebind = body.rebind() != null ? body.rebind() : MigrationRequest.ARP;
        engine().migrate(new MigrationRequest(id, body.vm(), body.target(), policy, rebind, body.networks()), p -> { });
        return Response.accepted(get(id)).location(URI.create("migrations/" + id)).build();
    }

    @GET
    @Summary("Every migration this host started: progress per round, and the report or error once ended")
    public List<MigrationInfo> list() {
        return engine().migrations();
    }

    @GET
    @Path("{id}")
    @Summary("One migration: phase, round, bytes sent, dirty rate, expected downtime; total time, downtime, rounds, "
            + "bytes once completed")
    public MigrationInfo get(@PathParam("id") String id) {
        return engine().migrations().stream().filter(m -> m.request().id().equals(id)).findFirst()
                .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no migration " + id));
    }

    @DELETE
    @Path("{id}")
    @Summary("Cancel a migration in flight; the VM runs on here")
    public MigrationInfo cancel(@PathParam("id") String id) {
        get(id);
        if (!engine().cancel(id)) {
            throw new PlatformException(ErrorCode.CONFLICT, "migration " + id + " has ended");
        }
        return get(id);
    }

    @POST
    @Path("incoming")
    @Consumes(APPLICATION_JSON)
    @Summary("Target's half: prepare a VM to receive a running guest (called by the source's engine)")
    public IncomingVm receive(IncomingBody body) {
        if (body == null || body.spec() == null || body.host() == null || body.diskBytes() <= 0) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be {\"spec\", \"diskBytes\", \"host\"}");
        }
        return engine().receive(body.spec(), body.diskBytes(), body.host());
    }

    @POST
    @Path("incoming/{vm}/complete")
    @Consumes(APPLICATION_JSON)
    @Summary("Target's half: the source has sent everything; run the VM here and rebind it, body {\"rebind\": \"arp\"}")
    public Arrival complete(@PathParam("vm") String vm, CompleteBody body) {
        return engine().complete(vm, body != null && body.rebind() != null ? body.rebind() : MigrationRequest.ARP,
                body != null && body.origins() != null ? body.origins() : Map.of());
    }

    @DELETE
    @Path("incoming/{vm}")
    @Summary("Target's half: abandon an incoming VM that has not taken over")
    public void drop(@PathParam("vm") String vm) {
        engine().drop(vm);
    }
}
