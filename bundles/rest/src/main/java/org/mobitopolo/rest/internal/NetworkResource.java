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
import org.mobitopolo.api.net.LinkShape;
import org.mobitopolo.api.net.NetworkInfo;
import org.mobitopolo.api.net.PortInfo;
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

/** {@code /api/v1/networks}: the virtual switch's LANs and their ports with counters. */
@Component(service = NetworkResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Path("networks")
@Produces(APPLICATION_JSON)
public final class NetworkResource {
    /** The body of a network creation. */
    public record NetworkRequest(String name) {}

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile VirtualSwitch virtualSwitch;

    private VirtualSwitch sw() {
        return PlatformException.requirePlugin(virtualSwitch, "virtual switch", "mobitopolo-transport-udp");
    }

    @GET
    @Summary("Every virtual network with its VXLAN id and ports")
    public List<NetworkInfo> list() {
        return sw().networks();
    }

    @POST
    @Consumes(APPLICATION_JSON)
    @Summary("Create a virtual network, isolated from the others; VM NICs join it by naming it")
    public Response create(NetworkRequest request) {
        if (request == null || request.name() == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be {\"name\": \"...\"}");
        }
        NetworkInfo created = sw().createNetwork(request.name());
        return Response.created(URI.create("networks/" + created.name())).entity(created).build();
    }

    @DELETE
    @Path("{name}")
    @Summary("Delete a network; 409 while VMs have ports on it")
    public void delete(@PathParam("name") String name) {
        sw().deleteNetwork(name);
    }

    @PUT
    @Path("{name}/ports/{port}/shape")
    @Consumes(APPLICATION_JSON)
    @Summary("Shape what the switch sends to a port: delayMillis, jitterMillis, rateBitsPerSecond, lossPercent")
    public PortInfo shape(@PathParam("name") String name, @PathParam("port") String port, LinkShape shape) {
        requireShape(shape);
        VirtualSwitch sw = sw();
        if (sw.ports(name).stream().noneMatch(p -> p.binding().portId().equals(port))) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "no port " + port + " on network " + name);
        }
        sw.shape(port, shape);
        return sw.ports(name).stream().filter(p -> p.binding().portId().equals(port)).findFirst().orElseThrow();
    }

    static LinkShape requireShape(LinkShape shape) {
        if (shape == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST,
                    "body must be {\"delayMillis\", \"jitterMillis\", \"rateBitsPerSecond\", \"lossPercent\"}");
        }
        return shape;
    }

    @GET
    @Path("{name}/ports")
    @Summary("A network's ports: endpoints, frames and bytes each way, drops by reason")
    public List<PortInfo> ports(@PathParam("name") String name) {
        return sw().ports(name);
    }
}
