package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code /api/v1/health}: whether the endpoint answers, for load balancers and scripts; needs no session. */
@Component(service = HealthResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Path("health")
@Produces(APPLICATION_JSON)
public final class HealthResource {
    /** @param status always {@code up}: an endpoint that is down does not answer */
    record Health(String status) {}

    private static final Health UP = new Health("up");

    @GET
    @Summary("Whether the endpoint is up (needs no session)")
    public Health get() {
        return UP;
    }
}
