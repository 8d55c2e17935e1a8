package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;

import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.FeatureInfo;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.platform.PluginCatalog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code /api/v1/features}: the Mobitopolo features, and swapping them while the runtime runs. */
@Component(service = FeatureResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Path("features")
@Produces(APPLICATION_JSON)
public final class FeatureResource {
    /** The body of a feature change. */
    public record FeatureChange(Boolean installed) {}

    private final PluginCatalog catalog;

    @Activate
    public FeatureResource(@Reference PluginCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Summary("Every Mobitopolo feature and whether it is installed")
    public List<FeatureInfo> list() {
        return catalog.features();
    }

    @GET
    @Path("{name}")
    @Summary("One Mobitopolo feature")
    public FeatureInfo get(@PathParam("name") String name) {
        return catalog.features().stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no Mobitopolo feature named '" + name + "'"));
    }

    @PUT
    @Path("{name}")
    @Consumes(APPLICATION_JSON)
    @Summary("Install ({\"installed\": true}) or uninstall ({\"installed\": false}) a feature at runtime")
    public FeatureInfo change(@PathParam("name") String name, FeatureChange change) {
        if (change == null || change.installed() == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be {\"installed\": true} or {\"installed\": false}");
        }
        return catalog.setInstalled(name, change.installed());
    }
}
