package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.store.Store;
import org.mobitopolo.api.store.StoreInfo;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/store}: the platform's database, the migrations applied to each module's schema, the
 * runtimes that used it. Answers 503 while no store is active, or while its database cannot be reached.
 */
@Component(service = StoreResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Path("store")
@Produces(APPLICATION_JSON)
public final class StoreResource {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Store store;

    @GET
    @Summary("The platform's database (product, version, URL without password), each module's applied migrations, "
            + "and the runtimes that used it")
    public StoreInfo get() {
        return PlatformException.requirePlugin(store, "store", "mobitopolo-store").info();
    }
}
