package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;

import java.net.URI;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Response;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.topology.TopologyController;
import org.mobitopolo.api.topology.TopologyRun;
import org.mobitopolo.api.topology.TopologySnapshot;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/topology-snapshots}: distributed snapshots, one consistent cut of a whole topology
 * each, deployed again by a file that says {@code from-snapshot: NAME}.
 */
@Component(service = TopologySnapshotResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Path("topology-snapshots")
@Produces(APPLICATION_JSON)
public final class TopologySnapshotResource {
    /** The body of a snapshot request. */
    public record SnapshotRequest(String topology, String name) {}

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile TopologyController controller;

    private TopologyController controller() {
        return PlatformException.requirePlugin(controller, "topology controller", "mobitopolo-controller");
    }

    @GET
    @Summary("Every distributed snapshot: its topology, file, hosts and each node's VM snapshot")
    public List<TopologySnapshot> list() {
        return controller().snapshots();
    }

    @POST
    @Consumes(APPLICATION_JSON)
    @Summary("Take a distributed snapshot of a topology: every running node frozen, then each copied, then all resumed; "
            + "202 with the run (kept as NAME once it completed)")
    public Response take(SnapshotRequest request) {
        if (request == null || request.topology() == null || request.name() == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be {\"topology\": \"...\", \"name\": \"...\"}");
        }
        TopologyRun run = controller().snapshot(request.topology(), request.name());
        return Response.accepted(run).location(URI.create("topologies/" + run.topology() + "/runs/" + run.id())).build();
    }

    @GET
    @Path("{name}")
    @Summary("One distributed snapshot")
    public TopologySnapshot get(@PathParam("name") String name) {
        return controller().snapshot(name)
                .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no distributed snapshot named " + name));
    }

    @DELETE
    @Path("{name}")
    @Summary("Delete a distributed snapshot and its VM snapshots on their hosts; topologies made from it keep running")
    public void delete(@PathParam("name") String name) {
        controller().deleteSnapshot(name);
    }
}
