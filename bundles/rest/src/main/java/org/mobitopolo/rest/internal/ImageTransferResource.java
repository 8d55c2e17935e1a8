package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;

import java.util.List;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.transfer.ImageTransfers;
import org.mobitopolo.api.transfer.TransferInfo;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/image-transfers}: the images this runtime fetched or is fetching from other hosts
 * ({@code POST /images/{name}/fetch}), with their progress, by image name.
 */
@Component(service = ImageTransferResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Path("image-transfers")
@Produces(APPLICATION_JSON)
public final class ImageTransferResource {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ImageTransfers transfers;

    private ImageTransfers transfers() {
        return PlatformException.requirePlugin(transfers, "image transfer", "mobitopolo-transfer");
    }

    @GET
    @Summary("Every image transfer since this runtime started: state, bytes done of total, received and reused")
    public List<TransferInfo> list() {
        return transfers().list();
    }

    @GET
    @Path("{name}")
    @Summary("The latest transfer of an image: RUNNING, COMPLETED, FAILED (with its error) or CANCELLED")
    public TransferInfo get(@PathParam("name") String name) {
        return transfers().get(name).orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no transfer of image " + name));
    }

    @DELETE
    @Path("{name}")
    @Summary("Cancel a running transfer; what it received is kept, and a new fetch resumes there")
    public TransferInfo cancel(@PathParam("name") String name) {
        return transfers().cancel(name);
    }
}
