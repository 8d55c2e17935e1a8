package org.mobitopolo.rest.internal;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * Answers the JAX-RS runtime's own errors (unknown path, wrong method, bad media type) with
 * problem+json. It exists beside {@link ProblemMapper} because the runtime's built-in mapper for
 * {@link WebApplicationException} is closer to those exceptions than a mapper of {@code Throwable}.
 */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsName("mobitopolo-web-problems")
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
public final class WebProblemMapper implements ExceptionMapper<WebApplicationException> {
    @Context
    private UriInfo uri;

    @Override
    public Response toResponse(WebApplicationException e) {
        return Problems.toResponse(e, uri);
    }
}
