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
import org.mobitopolo.api.netservices.Lease;
import org.mobitopolo.api.netservices.NetworkServices;
import org.mobitopolo.api.netservices.ServiceInfo;
import org.mobitopolo.api.netservices.ServiceSpec;
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
    /**
     * The body of a network creation: a name, and a subnet for network services (the network's own
     * address, DHCP and DNS as asked).
     */
    public record NetworkRequest(String name, String subnet, String gateway, String router, boolean dhcp, String dns) {}

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile VirtualSwitch virtualSwitch;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NetworkServices networkServices;

    private VirtualSwitch sw() {
        return PlatformException.requirePlugin(virtualSwitch, "virtual switch", "mobitopolo-transport-udp");
    }

    private NetworkServices services() {
        return PlatformException.requirePlugin(networkServices, "network services", "mobitopolo-netservices");
    }

    @GET
    @Summary("Every virtual network with its VXLAN id and ports")
    public List<NetworkInfo> list() {
        return sw().networks();
    }

    @POST
    @Consumes(APPLICATION_JSON)
    @Summary("Create a virtual network, isolated from the others, with DHCP and DNS if asked; VM NICs join it by naming it")
    public Response create(NetworkRequest request) {
        if (request == null || request.name() == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be {\"name\": \"...\"}, with \"subnet\" (and \"gateway\", "
                    + "\"router\", \"dhcp\", \"dns\") for network services");
        }
        if (request.subnet() == null && (request.gateway() != null || request.router() != null || request.dhcp() || request.dns() != null)) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "gateway, router, dhcp and dns need a subnet");
        }
        NetworkServices services = request.subnet() == null ? null : services(); // before the network: nothing half made
        NetworkInfo created = sw().createNetwork(request.name());
        if (services != null) {
            try {
                services.configure(created.name(), new ServiceSpec(request.subnet(), request.gateway(), request.router(), request.dhcp(),
                        request.dns()));
            } catch (RuntimeException e) {
                sw().deleteNetwork(created.name());
                throw e;
            }
            created = sw().networks().stream().filter(n -> n.name().equals(request.name())).findFirst().orElse(created); // with the services' port
        }
        return Response.created(URI.create("networks/" + created.name())).entity(created).build();
    }

    @DELETE
    @Path("{name}")
    @Summary("Delete a network and its services; 409 while VMs have ports on it")
    public void delete(@PathParam("name") String name) {
        VirtualSwitch sw = sw();
        if (sw.networks().stream().noneMatch(n -> n.name().equals(name))) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "no network named " + name);
        }
        NetworkServices services = networkServices;
        if (services != null) {
            services.remove(name); // its services' port would keep the network
        }
        sw.deleteNetwork(name);
    }

    @GET
    @Path("{name}/services")
    @Summary("A network's services: subnet, own address and MAC, DHCP, DNS zone, counters; 404 without any")
    public ServiceInfo services(@PathParam("name") String name) {
        return services().services(name)
                .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "network " + name + " has no services"));
    }

    @PUT
    @Path("{name}/services")
    @Consumes(APPLICATION_JSON)
    @Summary("Start or change a network's services: subnet, gateway, router, dhcp, dnsZone")
    public ServiceInfo configureServices(@PathParam("name") String name, ServiceSpec spec) {
        return services().configure(name, spec);
    }

    @DELETE
    @Path("{name}/services")
    @Summary("Stop a network's services and forget their leases and records")
    public void removeServices(@PathParam("name") String name) {
        if (!services().remove(name)) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "network " + name + " has no services");
        }
    }

    @GET
    @Path("{name}/leases")
    @Summary("A network's DHCP leases, active and past: MAC, address, host name, expiry")
    public List<Lease> leases(@PathParam("name") String name) {
        return services().leases(name);
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
