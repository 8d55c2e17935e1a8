package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;

import java.net.URI;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Response;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.net.LinkShape;
import org.mobitopolo.api.net.TunnelInfo;
import org.mobitopolo.api.net.VirtualSwitch;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code /api/v1/tunnels}: VXLAN tunnels to other hosts' switches, carrying every network. */
@Component(service = TunnelResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Path("tunnels")
@Produces(APPLICATION_JSON)
public final class TunnelResource {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile VirtualSwitch virtualSwitch;

    private VirtualSwitch sw() {
        return PlatformException.requirePlugin(virtualSwitch, "virtual switch", "mobitopolo-transport-udp");
    }

    private static Endpoint require(Endpoint remote) {
        if (remote == null || remote.host() == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be the other switch's VXLAN endpoint "
                    + "{\"host\": \"...\", \"port\": 4789}");
        }
        return remote;
    }

    @GET
    @Summary("Every tunnel with frames and bytes each way and drops")
    public List<TunnelInfo> list() {
        return sw().tunnels();
    }

    @GET
    @Path("local")
    @Summary("Where this switch receives VXLAN: what the other hosts' tunnels point at")
    public Endpoint local() {
        return sw().tunnelEndpoint();
    }

    @POST
    @Consumes(APPLICATION_JSON)
    @Summary("Open a tunnel to another host's switch, body {\"host\", \"port\"}")
    public Response add(Endpoint remote) {
        TunnelInfo t = sw().addTunnel(require(remote));
        return Response.created(URI.create("tunnels/" + t.id())).entity(t).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(APPLICATION_JSON)
    @Summary("Re-point a tunnel at another endpoint, e.g. after the other switch moved")
    public TunnelInfo repoint(@PathParam("id") String id, Endpoint remote) {
        return sw().repointTunnel(id, require(remote));
    }

    @PUT
    @Path("{id}/shape")
    @Consumes(APPLICATION_JSON)
    @Summary("Shape what goes into a tunnel (the WAN link to that host): delayMillis, jitterMillis, rateBitsPerSecond, "
            + "lossPercent")
    public TunnelInfo shape(@PathParam("id") String id, LinkShape shape) {
        VirtualSwitch sw = sw();
        TunnelInfo tunnel = sw.tunnels().stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no tunnel " + id));
        sw.shape(tunnel.id(), NetworkResource.requireShape(shape));
        return sw.tunnels().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    @DELETE
    @Path("{id}")
    @Summary("Close a tunnel")
    public void remove(@PathParam("id") String id) {
        sw().removeTunnel(id);
    }
}
