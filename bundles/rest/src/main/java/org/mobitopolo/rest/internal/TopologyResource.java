package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Response;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.topology.Plan;
import org.mobitopolo.api.topology.RunState;
import org.mobitopolo.api.topology.Step;
import org.mobitopolo.api.topology.TopologyController;
import org.mobitopolo.api.topology.TopologyRun;
import org.mobitopolo.api.topology.TopologyStatus;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/topologies}: whole distributed applications deployed from one file (YAML or JSON,
 * {@code docs/TOPOLOGY.md}), planned, reconciled and destroyed by the topology controller.
 */
@Component(service = TopologyResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Path("topologies")
@Produces(APPLICATION_JSON)
public final class TopologyResource {
    /** A plan as it is answered: with its one-line summary. */
    public record PlanView(String topology, String summary, List<Step> steps, Map<String, String> placement) {
        static PlanView of(Plan p) {
            return new PlanView(p.topology(), p.summary(), p.steps(), p.placement());
        }
    }

    /** Topology files are small; a bigger body is a mistake, refused before it is held in memory. */
    static final int MAX_FILE_BYTES = 1 << 20;
    /** How long a caller may wait for a run's end in one request. */
    static final int MAX_WAIT_SECONDS = 600;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile TopologyController controller;

    private TopologyController controller() {
        return PlatformException.requirePlugin(controller, "topology controller", "mobitopolo-controller");
    }

    @POST
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", "text/plain", APPLICATION_JSON})
    @Summary("Deploy a topology file (YAML or JSON): only what differs from what exists is done; 202 with the run, 200 when "
            + "nothing changes; ?dryRun=true answers the plan and touches nothing")
    public Response deploy(InputStream body, @QueryParam("dryRun") @DefaultValue("false") boolean dryRun) {
        String text = read(body);
        if (dryRun) {
            return Response.ok(PlanView.of(controller().plan(text))).build();
        }
        TopologyRun run = controller().deploy(text);
        return (run.state() == RunState.RUNNING ? Response.accepted(run) : Response.ok(run))
                .location(URI.create("topologies/" + run.topology() + "/runs/" + run.id())).build();
    }

    @GET
    @Summary("Every topology: where its nodes run, what it has on each host, its last run")
    public List<TopologyStatus> list() {
        return controller().list();
    }

    @GET
    @Path("{name}")
    @Summary("One topology, with its last run step by step")
    public TopologyStatus get(@PathParam("name") String name) {
        return controller().get(name).orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no topology named " + name));
    }

    @GET
    @Path("{name}/runs/{id}")
    @Summary("One run of a topology step by step, also after a destroy removed the topology; ?wait=SECONDS answers once "
            + "the run has ended or that time has passed, whichever comes first")
    public CompletionStage<TopologyRun> run(@PathParam("name") String name, @PathParam("id") String id,
            @QueryParam("wait") @DefaultValue("0") int waitSeconds) {
        if (waitSeconds < 0 || waitSeconds > MAX_WAIT_SECONDS) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "wait is 0 to " + MAX_WAIT_SECONDS + " seconds, got " + waitSeconds);
        }
        TopologyController c = controller();
        TopologyRun run = c.run(id).filter(r -> r.topology().equals(name))
                .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no run " + id + " of topology " + name));
        if (waitSeconds == 0 || run.state() != RunState.RUNNING) {
            return CompletableFuture.completedStage(run);
        }
        // answered when the run ends, or after the wait as it stands then; no request thread is held meanwhile
        return c.ended(id).orElseGet(() -> CompletableFuture.completedStage(run)).toCompletableFuture()
                .completeOnTimeout(null, waitSeconds, TimeUnit.SECONDS)
                .thenApply(ended -> ended != null ? ended : c.run(id).orElse(run));
    }

    @GET
    @Path("{name}/graph")
    @Produces({"image/svg+xml", "text/vnd.graphviz", APPLICATION_JSON})
    @Summary("The topology as a graph: hosts with their VMs coloured by state, networks, tunnels; SVG, DOT with "
            + "?format=dot or Accept: text/vnd.graphviz, the graph as data with ?format=json or Accept: application/json")
    public Response graph(@PathParam("name") String name, @QueryParam("format") @DefaultValue("") String format,
            @HeaderParam("Accept") @DefaultValue("") String accept) {
        String as = !format.isEmpty() ? format.toLowerCase(Locale.ROOT)
                : accept.contains("text/vnd.graphviz") ? "dot" : accept.startsWith(APPLICATION_JSON) ? "json" : "svg";
        PlatformException none = new PlatformException(ErrorCode.NOT_FOUND, "no topology named " + name);
        return switch (as) {
            case "json" -> Response.ok(controller().graph(name).orElseThrow(() -> none), APPLICATION_JSON).build();
            case "dot" -> Response.ok(controller().graph(name, TopologyController.GraphFormat.DOT).orElseThrow(() -> none),
                    "text/vnd.graphviz; charset=utf-8").build();
            case "svg" -> Response.ok(controller().graph(name, TopologyController.GraphFormat.SVG).orElseThrow(() -> none),
                    "image/svg+xml; charset=utf-8").build();
            default -> throw new PlatformException(ErrorCode.BAD_REQUEST, "format is svg, dot or json, got " + format);
        };
    }

    /** Where to move a node. */
    public record MoveBody(String host) {}

    @POST
    @Path("{name}/nodes/{node}/move")
    @Consumes(APPLICATION_JSON)
    @Summary("Move a node to another of the topology's hosts ({\"host\": \"b\"}): QEMU live, UML by restart, its networks and "
            + "tunnels made there first; 202 with the run. The file is not changed: its next deploy puts a pinned node back")
    public Response move(@PathParam("name") String name, @PathParam("node") String node, MoveBody body) {
        if (body == null || body.host() == null || body.host().isBlank()) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "the body names the host to move to: {\"host\": \"b\"}");
        }
        TopologyRun run = controller().move(name, node, body.host());
        return Response.accepted(run).location(URI.create("topologies/" + name + "/runs/" + run.id())).build();
    }

    @DELETE
    @Path("{name}")
    @Summary("Destroy a topology: its VMs, tunnels and networks on every host; 202 with the run")
    public Response destroy(@PathParam("name") String name) {
        TopologyRun run = controller().destroy(name);
        return Response.accepted(run).location(URI.create("topologies/" + name + "/runs/" + run.id())).build();
    }

    private static String read(InputStream body) {
        try {
            byte[] bytes = body == null ? new byte[0] : body.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new PlatformException(ErrorCode.PAYLOAD_TOO_LARGE, "a topology file is at most " + (MAX_FILE_BYTES >> 20) + " MiB");
            }
            if (bytes.length == 0) {
                throw new PlatformException(ErrorCode.BAD_REQUEST, "the body must be a topology file (YAML or JSON, docs/TOPOLOGY.md)");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "could not read the body: " + e.getMessage(), e);
        }
    }
}
