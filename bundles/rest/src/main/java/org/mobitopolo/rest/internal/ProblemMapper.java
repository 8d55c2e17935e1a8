package org.mobitopolo.rest.internal;

import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/** Answers every exception a resource throws with problem+json. */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsName("mobitopolo-problems")
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
public final class ProblemMapper implements ExceptionMapper<Throwable> {
    @Context
    private UriInfo uri;

    @Override
    public Response toResponse(Throwable e) {
        return Problems.toResponse(e, uri);
    }
}
