package org.mobitopolo.rest.internal;

import javax.ws.rs.core.Application;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationBase;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/** The JAX-RS application every Mobitopolo resource and extension joins, served under {@code /api/v1}. */
@Component(service = Application.class)
@JaxrsApplicationBase(MobitopoloApplication.BASE)
@JaxrsName(MobitopoloApplication.NAME)
public final class MobitopoloApplication extends Application {
    static final String BASE = "api/v1";
    static final String NAME = "mobitopolo";
    /** Filter by which resources and extensions select this application. */
    static final String SELECT = "(osgi.jaxrs.name=" + NAME + ")";
}
