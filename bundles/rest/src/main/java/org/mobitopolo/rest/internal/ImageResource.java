package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;
import static javax.ws.rs.core.MediaType.APPLICATION_OCTET_STREAM;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import org.mobitopolo.api.image.BuildState;
import org.mobitopolo.api.image.ImageBuildRequest;
import org.mobitopolo.api.image.ImageBuildStatus;
import org.mobitopolo.api.image.ImageBuilder;
import org.mobitopolo.api.image.ImageExport;
import org.mobitopolo.api.image.ImageInfo;
import org.mobitopolo.api.image.Images;
import org.mobitopolo.api.image.StoredImage;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.transfer.ImageTransfers;
import org.mobitopolo.api.transfer.TransferInfo;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/images}: the image library, from which VMs are made ({@code "image": "NAME"}). An
 * upload is the raw body of a PUT, e.g. {@code curl -T disk.img http://…/api/v1/images/disk.img}; a
 * build from Debian packages is a POST to {@code images/NAME/build}, followed by GETs of the same path.
 * Hosts fetch image files from each other as they do snapshots: {@code /export} and
 * {@code /export/content} (with ranges) serve one, {@code /fetch} has this host fetch one
 * ({@code /image-transfers} shows how far it got).
 */
@Component(service = ImageResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Path("images")
@Produces(APPLICATION_JSON)
public final class ImageResource {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Images images;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ImageBuilder builder;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ImageTransfers transfers;

    /** Bytes of each image sent to other hosts since this runtime started. */
    private final Map<String, AtomicLong> served = new ConcurrentHashMap<>();

    /** A build's body: the name is the path's. */
    public record BuildBody(List<String> packages, Integer sizeMb) {}

    /** What another host fetches of an image: its one file, {@code export/content}. */
    public record ImageExportBody(String name, long sizeBytes, String sha256, long modifiedMillis, long bytesServed) {}

    private Images images() {
        return PlatformException.requirePlugin(images, "image library", "mobitopolo-images");
    }

    private ImageBuilder builder() {
        return PlatformException.requirePlugin(builder, "image builder", "mobitopolo-images");
    }

    @GET
    @Summary("Every image of the image directories: name, kind (FILE or DIRECTORY), size, directory")
    public List<ImageInfo> list() {
        return images().list();
    }

    @GET
    @Path("{name}")
    @Summary("One image")
    public ImageInfo get(@PathParam("name") String name) {
        return images().info(name);
    }

    /**
     * The body is handed on as the servlet container's own stream: the library copies it to disk as
     * it arrives, so an image never sits in memory, and refuses a too large one by its Content-Length
     * before reading a byte. A refusal leaves the rest of the body unread ({@link UnreadBody}) and
     * closes the connection, so that the sender stops: Jetty has answered {@code 100 Continue} when the
     * stream was opened, and kept open, the connection would be drained to its end first.
     */
    @PUT
    @Path("{name}")
    @Consumes(MediaType.WILDCARD) // an image is bytes, whatever type the client calls them
    @Summary("Upload an image (the raw body, streamed to the first image directory and moved into place whole): "
            + "201, or 200 when ?replace=true replaced one; 413 beyond maxUploadBytes, 507 when the disk is full")
    public Response upload(@PathParam("name") String name, @QueryParam("replace") @DefaultValue("false") boolean replace,
            @Context HttpHeaders headers, @Context UriInfo uri, InputStream body) {
        StoredImage stored;
        try {
            stored = images().store(name, body, declaredLength(headers), replace);
        } catch (RuntimeException e) {
            UnreadBody.leave();
            return Response.fromResponse(Problems.toResponse(e, uri)).header("Connection", "close").build();
        }
        URI location = URI.create("images/" + stored.name());
        return (stored.replaced() ? Response.ok(stored).location(location) : Response.created(location).entity(stored)).build();
    }

    /** The Content-Length, or -1: read here because {@link HttpHeaders#getLength} is an int, and images pass 2 GiB. */
    static long declaredLength(HttpHeaders headers) {
        String length = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1; // Jetty answers a malformed one itself
        }
    }

    @DELETE
    @Path("{name}")
    @Summary("Delete an image; 409 while a VM or snapshot is made from it")
    public void delete(@PathParam("name") String name) {
        images().delete(name);
    }

    @POST
    @Path("{name}/build")
    @Consumes(APPLICATION_JSON)
    @Summary("Build image {name} from Debian packages (body {\"packages\": [...], \"sizeMb\": 0}): 202 with the build and its "
            + "Location while it runs, 200 when an image of the same packages is reused; ?wait=true answers once it has ended")
    public CompletionStage<Response> build(@PathParam("name") String name, @QueryParam("wait") @DefaultValue("false") boolean wait,
            BuildBody body) {
        if (body == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be {\"packages\": [\"squid\", ...], \"sizeMb\": 0}");
        }
        ImageBuildStatus started = builder().build(new ImageBuildRequest(name, body.packages(), body.sizeMb() == null ? 0 : body.sizeMb()));
        URI location = URI.create("images/" + name + "/build");
        if (wait && started.state() == BuildState.RUNNING) {
            return builder().completion(name).thenApply(done -> Response.ok(done).location(location).build());
        }
        Response.ResponseBuilder answer = started.state() == BuildState.RUNNING ? Response.accepted(started) : Response.ok(started);
        return CompletableFuture.completedStage(answer.location(location).build());
    }

    @GET
    @Path("{name}/build")
    @Summary("The latest build of image {name}: state (RUNNING, COMPLETED, FAILED), phase, last lines, bytes; "
            + "?wait=true answers once it has ended")
    public CompletionStage<ImageBuildStatus> buildStatus(@PathParam("name") String name,
            @QueryParam("wait") @DefaultValue("false") boolean wait) {
        ImageBuildStatus now = builder().status(name).orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND,
                "no build of image " + name + " since this runtime started"));
        // answered when the build ends, without a request thread held meanwhile
        return wait && now.state() == BuildState.RUNNING ? builder().completion(name) : CompletableFuture.completedStage(now);
    }

    @GET
    @Path("{name}/export")
    @Summary("What another host fetches of an image file: its size, SHA-256 and modification time (export/content "
            + "serves it); bytesServed counts what this runtime sent of it")
    public ImageExportBody export(@PathParam("name") String name) {
        ImageExport e = images().export(name);
        return new ImageExportBody(e.name(), e.sizeBytes(), e.sha256(), e.modifiedMillis(), servedOf(name).get());
    }

    @GET
    @Path("{name}/export/content")
    @Produces(APPLICATION_OCTET_STREAM)
    @Summary("The image file, whole, or from an offset with Range: bytes=START- (or START-END): 206 with Content-Range; "
            + "416 for a range beyond its end")
    public Response exportContent(@PathParam("name") String name, @HeaderParam("Range") String range, @Context UriInfo uri)
            throws IOException {
        return Exports.serve(images().export(name).file(), range, servedOf(name), "image " + name, uri);
    }

    private AtomicLong servedOf(String image) {
        return served.computeIfAbsent(image, s -> new AtomicLong());
    }

    @POST
    @Path("{name}/fetch")
    @Consumes(APPLICATION_JSON)
    @Summary("Fetch the image from the host that has it, body {\"from\": \"http://HOST:8181\", \"rateBytesPerSecond\": 0}: "
            + "202 with the transfer (Location: its /image-transfers entry), or with ?wait=true 200 once it is in the library; "
            + "an image here already is not fetched, a fetch while one runs joins it")
    public CompletionStage<Response> fetch(@PathParam("name") String name, SnapshotResource.FetchRequest request,
            @QueryParam("wait") @DefaultValue("false") boolean wait) {
        if (request == null || request.from() == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be {\"from\": \"http://HOST:8181\", "
                    + "\"rateBytesPerSecond\": 0}");
        }
        ImageTransfers t = PlatformException.requirePlugin(transfers, "image transfer", "mobitopolo-transfer");
        CompletionStage<TransferInfo> done = t.fetch(name, request.from(),
                request.rateBytesPerSecond() == null ? 0 : request.rateBytesPerSecond());
        return Exports.answer(done, () -> t.get(name), wait, URI.create("image-transfers/" + name), "image " + name);
    }
}
