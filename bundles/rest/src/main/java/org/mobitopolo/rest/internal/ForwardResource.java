package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;

import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Response;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.rebind.ForwardInfo;
import org.mobitopolo.api.rebind.ForwardSpec;
import org.mobitopolo.api.rebind.Forwarding;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code /api/v1/forwards}: what the hosts a VM left still carry to it (the {@code forward} rebinding strategy). */
@Component(service = ForwardResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Path("forwards")
@Produces(APPLICATION_JSON)
public final class ForwardResource {
    /** A forward's end, its times as ISO-8601 text. */
    public record ForwardView(String id, String vm, String mac, String network, String role, String address, String subnet,
            Endpoint local, Endpoint peer, long toPeer, long fromPeer, long dropped, String opened, String closes) {
        static ForwardView of(ForwardInfo f) {
            return new ForwardView(f.id(), f.vm(), f.mac(), f.network(), f.role(), f.address(), f.subnet(), f.local(), f.peer(),
                    f.toPeer(), f.fromPeer(), f.dropped(), f.opened().toString(), f.closes().toString());
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Forwarding forwarding;

    private Forwarding forwarding() {
        return PlatformException.requirePlugin(forwarding, "forwarding", "mobitopolo-rebind-forward");
    }

    @GET
    @Summary("The forwards with an end on this host: role (source, target), addresses, frames across and dropped")
    public List<ForwardView> list() {
        return forwarding().forwards().stream().map(ForwardView::of).toList();
    }

    @POST
    @Consumes(APPLICATION_JSON)
    @Summary("Open the target's end of a forward for a VM that moved here (called by the source host's strategy)")
    public Response open(ForwardSpec spec) {
        if (spec == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be {\"id\", \"vm\", \"mac\", \"network\", \"address\", "
                    + "\"subnet\", \"peer\": {\"host\", \"port\"}, \"seconds\"}");
        }
        return Response.status(Response.Status.CREATED).entity(ForwardView.of(forwarding().open(spec))).build();
    }

    @DELETE
    @Path("{id}")
    @Summary("Close a forward now, at both ends")
    public void close(@PathParam("id") String id) {
        forwarding().close(id);
    }
}
