package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;

import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.netservices.DnsRecord;
import org.mobitopolo.api.netservices.NetworkServices;
import org.mobitopolo.api.netservices.TsigKey;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code /api/v1/dns}: the zones the networks serve, their records, and the keys that sign their updates. */
@Component(service = DnsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Path("dns")
@Produces(APPLICATION_JSON)
public final class DnsResource {
    /** A zone and the network serving it. */
    public record ZoneView(String zone, String network, String nameServer) {}

    /** Where the host answers DNS for every zone; null when that port is shut. */
    public record DnsView(Endpoint hostPort, List<ZoneView> zones) {}

    /** The body of a static record. */
    public record RecordRequest(String address) {}

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NetworkServices networkServices;

    private NetworkServices services() {
        return PlatformException.requirePlugin(networkServices, "network services", "mobitopolo-netservices");
    }

    @GET
    @Summary("The host's DNS port and every zone the networks serve")
    public DnsView zones() {
        NetworkServices s = services();
        List<ZoneView> zones = s.list().stream().filter(i -> i.dnsZone() != null)
                .map(i -> new ZoneView(i.dnsZone(), i.network(), i.gateway())).toList();
        return new DnsView(s.dnsEndpoint().orElse(null), zones);
    }

    @GET
    @Path("zones/{zone}/records")
    @Summary("A zone's address records, from leases, static, or by dynamic update")
    public List<DnsRecord> records(@PathParam("zone") String zone) {
        return services().records(zone);
    }

    @PUT
    @Path("zones/{zone}/records/{name}")
    @Consumes(APPLICATION_JSON)
    @Summary("Add or replace a static address record: {\"address\": \"10.1.0.20\"}")
    public DnsRecord putRecord(@PathParam("zone") String zone, @PathParam("name") String name, RecordRequest request) {
        if (request == null || request.address() == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be {\"address\": \"IPv4 address\"}");
        }
        return services().putRecord(zone, name, request.address());
    }

    @DELETE
    @Path("zones/{zone}/records/{name}")
    @Summary("Remove a static or updated record")
    public void deleteRecord(@PathParam("zone") String zone, @PathParam("name") String name) {
        if (!services().deleteRecord(zone, name)) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "zone " + zone + " has no static or updated record " + name);
        }
    }

    @GET
    @Path("zones/{zone}/key")
    @Summary("The TSIG key that signs a zone's dynamic updates (admin): name, algorithm, secret")
    public TsigKey key(@PathParam("zone") String zone) {
        return services().updateKey(zone);
    }
}
