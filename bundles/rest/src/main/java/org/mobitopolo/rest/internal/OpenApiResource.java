package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;

import java.util.Map;
import java.util.Optional;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceDTO;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/openapi.json}: the OpenAPI description of every resource the whiteboard serves in
 * the Mobitopolo application right now, so a plugin's resources appear and vanish with it.
 */
@Component(service = OpenApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Path("openapi.json")
@Produces(APPLICATION_JSON)
public final class OpenApiResource {
    private final BundleContext context;
    private final JaxrsServiceRuntime runtime;

    @Activate
    public OpenApiResource(BundleContext context, @Reference JaxrsServiceRuntime runtime) {
        this.context = context;
        this.runtime = runtime;
    }

    @GET
    @Summary("This description: every resource the endpoint serves now")
    public Map<String, Object> get() {
        OpenApiWriter writer = new OpenApiWriter();
        for (ApplicationDTO app : runtime.getRuntimeDTO().applicationDTOs) {
            if (MobitopoloApplication.NAME.equals(app.name)) {
                for (ResourceDTO resource : app.resourceDTOs) {
                    classOf(resource.serviceId).ifPresent(c -> writer.add("/" + MobitopoloApplication.BASE, c));
                }
            }
        }
        return writer.document("Mobitopolo", context.getBundle().getVersion().toString());
    }

    private Optional<Class<?>> classOf(long serviceId) {
        ServiceReference<?>[] refs;
        try {
            refs = context.getServiceReferences((String) null, "(service.id=" + serviceId + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // the filter is ours and valid
        }
        if (refs == null) {
            return Optional.empty(); // unregistered since the runtime listed it
        }
        Object service = context.getService(refs[0]);
        try {
            return Optional.ofNullable(service).map(Object::getClass);
        } finally {
            if (service != null) {
                context.ungetService(refs[0]);
            }
        }
    }
}
