package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;
import static javax.ws.rs.core.MediaType.APPLICATION_OCTET_STREAM;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.transfer.SnapshotTransfers;
import org.mobitopolo.api.transfer.TransferInfo;
import org.mobitopolo.api.vm.Hypervisor;
import org.mobitopolo.api.vm.SnapshotFile;
import org.mobitopolo.api.vm.SnapshotInfo;
import org.mobitopolo.api.vm.VmRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/snapshots}: named snapshots of VMs, from which new VMs are made ({@code image: "snapshot:NAME"}).
 * Hosts fetch them from each other: {@code /export} lists a snapshot's files (its base image included)
 * and serves each, from an offset on with {@code Range: bytes=START-}; {@code /fetch} has this host
 * fetch one from another ({@code /snapshot-transfers} shows how far it got).
 */
@Component(service = SnapshotResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Path("snapshots")
@Produces(APPLICATION_JSON)
public final class SnapshotResource {
    /** The body of a snapshot request. */
    public record SnapshotRequest(String vm, String name) {}

    /**
     * What another host needs to make VMs from a snapshot, and how much of it this runtime has sent since
     * it started (its files' bytes, over every request).
     */
    public record SnapshotExport(String snapshot, String hypervisor, List<SnapshotFile> files, long bytesServed) {}

    /** The body of a fetch: the host that has the snapshot, and the most to receive per second (0 or absent: no limit). */
    public record FetchRequest(URI from, Long rateBytesPerSecond) {}

    private final VmRegistry registry;
    /** Bytes of each snapshot's files sent since this runtime started. */
    private final Map<String, AtomicLong> served = new ConcurrentHashMap<>();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SnapshotTransfers transfers;

    @Activate
    public SnapshotResource(@Reference VmRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Summary("Every snapshot of every hypervisor")
    public List<SnapshotInfo> list() {
        return registry.snapshots();
    }

    @POST
    @Consumes(APPLICATION_JSON)
    @Summary("Snapshot a VM: a running guest is flushed, frozen for the copy, and resumed")
    public Response take(SnapshotRequest request) {
        if (request == null || request.vm() == null || request.name() == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be {\"vm\": \"...\", \"name\": \"...\"}");
        }
        SnapshotInfo info = registry.hypervisorOf(request.vm()).snapshot(request.vm(), request.name());
        return Response.created(URI.create("snapshots/" + info.name())).entity(info).build();
    }

    @DELETE
    @Path("{name}")
    @Summary("Delete a snapshot; VMs made from it keep working")
    public void delete(@PathParam("name") String name) {
        registry.hypervisorOfSnapshot(name).deleteSnapshot(name);
    }

    @GET
    @Path("{name}/export")
    @Summary("What another host needs to make VMs from the snapshot: its files and its base image (\"base\"), each with "
            + "size, SHA-256 and modification time; bytesServed counts what this runtime sent of them")
    public SnapshotExport export(@PathParam("name") String name) {
        Hypervisor hypervisor = registry.hypervisorOfSnapshot(name);
        return new SnapshotExport(name, hypervisor.type(), hypervisor.snapshotFiles(name), servedOf(name).get());
    }

    /** Streamed from the file as it is read, a chunk at a time; every byte written counts in {@code bytesServed}. */
    @GET
    @Path("{name}/export/{file}")
    @Produces(APPLICATION_OCTET_STREAM)
    @Summary("One file of the snapshot's export listing, whole, or from an offset with Range: bytes=START- "
            + "(or START-END): 206 with Content-Range; 416 for a range beyond its end")
    public Response exportFile(@PathParam("name") String name, @PathParam("file") String file,
            @HeaderParam("Range") String range, @Context UriInfo uri) throws IOException {
        return Exports.serve(registry.hypervisorOfSnapshot(name).snapshotFile(name, file), range, servedOf(name),
                "file " + file + " of snapshot " + name, uri);
    }

    private AtomicLong servedOf(String snapshot) {
        return served.computeIfAbsent(snapshot, s -> new AtomicLong());
    }

    @POST
    @Path("{name}/fetch")
    @Consumes(APPLICATION_JSON)
    @Summary("Fetch the snapshot from the host that has it, body {\"from\": \"http://HOST:8181\", \"rateBytesPerSecond\": 0}: "
            + "202 with the transfer (Location: its /snapshot-transfers entry), or with ?wait=true 200 once it is here; "
            + "a snapshot here already is not fetched, a fetch while one runs joins it")
    public CompletionStage<Response> fetch(@PathParam("name") String name, FetchRequest request,
            @QueryParam("wait") @DefaultValue("false") boolean wait) {
        if (request == null || request.from() == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be {\"from\": \"http://HOST:8181\", "
                    + "\"rateBytesPerSecond\": 0}");
        }
        SnapshotTransfers t = PlatformException.requirePlugin(transfers, "snapshot transfer", "mobitopolo-transfer");
        CompletionStage<TransferInfo> done = t.fetch(name, request.from(),
                request.rateBytesPerSecond() == null ? 0 : request.rateBytesPerSecond());
        return Exports.answer(done, () -> t.get(name), wait, URI.create("snapshot-transfers/" + name), "snapshot " + name);
    }
}
