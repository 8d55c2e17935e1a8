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
import org.mobitopolo.api.vm.SnapshotInfo;
import org.mobitopolo.api.vm.VmRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code /api/v1/snapshots}: named snapshots of VMs, from which new VMs are made ({@code image: "snapshot:NAME"}). */
@Component(service = SnapshotResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Path("snapshots")
@Produces(APPLICATION_JSON)
public final class SnapshotResource {
    /** The body of a snapshot request. */
    public record SnapshotRequest(String vm, String name) {}

    private final VmRegistry registry;

    @Activate
    public SnapshotResource(@Reference VmRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Summary("Every snapshot of every hypervisor")
    public List<SnapshotInfo> list() {
        return registry.snapshots();
    }

    @POST
    @Consumes(APPLICATION_JSON)
    @Summary("Snapshot a VM: a running guest is flushed, frozen for the copy, and resumed")
    public Response take(SnapshotRequest request) {
        if (request == null || request.vm() == null || request.name() == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be {\"vm\": \"...\", \"name\": \"...\"}");
        }
        SnapshotInfo info = registry.hypervisorOf(request.vm()).snapshot(request.vm(), request.name());
        return Response.created(URI.create("snapshots/" + info.name())).entity(info).build();
    }

    @DELETE
    @Path("{name}")
    @Summary("Delete a snapshot; VMs made from it keep working")
    public void delete(@PathParam("name") String name) {
        registry.hypervisorOfSnapshot(name).deleteSnapshot(name);
    }
}
