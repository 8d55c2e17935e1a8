package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;

import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import org.mobitopolo.api.platform.PluginCatalog;
import org.mobitopolo.api.platform.SpiInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code /api/v1/plugins}: each SPI and the plugins that implement it right now. */
@Component(service = PluginResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Path("plugins")
@Produces(APPLICATION_JSON)
public final class PluginResource {
    private final PluginCatalog catalog;

    @Activate
    public PluginResource(@Reference PluginCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Summary("Every SPI with its active implementations")
    public List<SpiInfo> list() {
        return catalog.spis();
    }
}
