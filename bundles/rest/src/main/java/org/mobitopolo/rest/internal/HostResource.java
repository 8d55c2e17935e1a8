package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import org.mobitopolo.api.host.HostFacts;
import org.mobitopolo.api.host.HostInfo;
import org.mobitopolo.api.platform.PlatformException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code /api/v1/host}: the facts of this host. Answers 503 while no host-facts plugin is active. */
@Component(service = HostResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Path("host")
@Produces(APPLICATION_JSON)
public final class HostResource {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile HostFacts hostFacts;

    @GET
    @Summary("This host's default route and its MTU, interfaces, CPUs, memory and usable hypervisors")
    public HostInfo get() {
        return PlatformException.requirePlugin(hostFacts, "host facts", "mobitopolo-host").read();
    }
}
