package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Response;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.ExecResult;
import org.mobitopolo.api.vm.NicSpec;
import org.mobitopolo.api.vm.VmInfo;
import org.mobitopolo.api.vm.VmRegistry;
import org.mobitopolo.api.vm.VmSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/vms}: VMs of every hypervisor. Starting and stopping take seconds: they answer
 * {@code 202} at once and the VM's {@code state} shows the progress, unless {@code ?wait=true}.
 */
@Component(service = VmResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Path("vms")
@Produces(APPLICATION_JSON)
public final class VmResource {
    /** A line to type on a VM's console. */
    public record ConsoleInput(String line) {}

    /** A command for a VM's guest agent: the program and its arguments, and how long it may run (60 s by default). */
    public record ExecRequest(List<String> argv, Integer timeoutSeconds) {}

    private static final int MAX_EXEC_SECONDS = 3600;

    private final VmRegistry registry;

    @Activate
    public VmResource(@Reference VmRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Summary("Every VM of every hypervisor")
    public List<VmInfo> list() {
        return registry.vms();
    }

    @POST
    @Consumes(APPLICATION_JSON)
    @Summary("Define a VM (image \"\" for the default guest, \"snapshot:NAME\" to clone a snapshot); ?start=true starts it too")
    public Response create(VmSpec spec, @QueryParam("start") @DefaultValue("false") boolean start) {
        if (spec == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be a VM spec: {\"name\", \"hypervisor\", \"memoryMb\", ...}");
        }
        if (start) {
            registry.hypervisor(spec.hypervisor()).support().require(); // nothing is defined that cannot start here
        }
        VmInfo info = registry.define(spec);
        if (start) {
            registry.hypervisorOf(spec.name()).start(spec.name());
            info = get(spec.name());
        }
        return Response.created(URI.create("vms/" + spec.name())).entity(info).build();
    }

    @GET
    @Path("{name}")
    @Summary("One VM: state, pid, uptime, memory, and why it failed if it did")
    public VmInfo get(@PathParam("name") String name) {
        return registry.hypervisorOf(name).find(name)
                .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no VM named " + name));
    }

    @DELETE
    @Path("{name}")
    @Summary("Kill the VM if it runs and delete it with its disk layer")
    public void destroy(@PathParam("name") String name) {
        registry.hypervisorOf(name).destroy(name);
    }

    @POST
    @Path("{name}/start")
    @Summary("Start the VM; 202 while it boots, or 200 once ready with ?wait=true")
    public CompletionStage<Response> start(@PathParam("name") String name, @QueryParam("wait") @DefaultValue("false") boolean wait) {
        return answer(name, registry.hypervisorOf(name).start(name), wait);
    }

    @POST
    @Path("{name}/stop")
    @Summary("Halt the VM cleanly; 202 while it halts, or 200 once stopped with ?wait=true")
    public CompletionStage<Response> stop(@PathParam("name") String name, @QueryParam("wait") @DefaultValue("false") boolean wait) {
        return answer(name, registry.hypervisorOf(name).stop(name), wait);
    }

    @POST
    @Path("{name}/kill")
    @Summary("Kill the VM's process at once")
    public VmInfo kill(@PathParam("name") String name) {
        return registry.hypervisorOf(name).kill(name);
    }

    @POST
    @Path("{name}/freeze")
    @Summary("Freeze the guest's CPUs; memory and connections stay")
    public VmInfo freeze(@PathParam("name") String name) {
        return registry.hypervisorOf(name).freeze(name);
    }

    @POST
    @Path("{name}/resume")
    @Summary("Resume a frozen guest")
    public VmInfo resume(@PathParam("name") String name) {
        return registry.hypervisorOf(name).resume(name);
    }

    @GET
    @Path("{name}/console")
    @Summary("The last lines of the guest's console")
    public List<String> console(@PathParam("name") String name, @QueryParam("lines") @DefaultValue("50") int lines) {
        if (lines < 1 || lines > 10_000) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "lines must be 1-10000, got " + lines);
        }
        return registry.hypervisorOf(name).console(name, lines);
    }

    @POST
    @Path("{name}/console")
    @Consumes(APPLICATION_JSON)
    @Summary("Type a line on the guest's console")
    public void type(@PathParam("name") String name, ConsoleInput input) {
        if (input == null || input.line() == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be {\"line\": \"...\"}");
        }
        registry.hypervisorOf(name).type(name, input.line());
    }

    @POST
    @Path("{name}/exec")
    @Consumes(APPLICATION_JSON)
    @Summary("Run a command in the guest by its agent (no shell, no console): its exit code, stdout, stderr and run time")
    public ExecResult exec(@PathParam("name") String name, ExecRequest request) {
        if (request == null || request.argv() == null || request.argv().isEmpty() || request.argv().contains(null)) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be {\"argv\": [\"program\", \"arg\", ...], "
                    + "\"timeoutSeconds\": 60}");
        }
        int seconds = request.timeoutSeconds() == null ? 60 : request.timeoutSeconds();
        if (seconds < 1 || seconds > MAX_EXEC_SECONDS) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "timeoutSeconds must be 1-" + MAX_EXEC_SECONDS + ", got " + seconds);
        }
        return registry.hypervisorOf(name).exec(name, request.argv(), Duration.ofSeconds(seconds));
    }

    @POST
    @Path("{name}/nics")
    @Consumes(APPLICATION_JSON)
    @Summary("Add a NIC; a running guest sees a new device, down, to configure")
    public VmInfo addNic(@PathParam("name") String name, NicSpec nic) {
        return registry.hypervisorOf(name).addNic(name, requireNic(nic));
    }

    @PUT
    @Path("{name}/nics/{index}")
    @Consumes(APPLICATION_JSON)
    @Summary("Re-point a NIC to other UDP endpoints; UML needs the guest to have it down (409 otherwise)")
    public VmInfo replaceNic(@PathParam("name") String name, @PathParam("index") int index, NicSpec nic) {
        return registry.hypervisorOf(name).replaceNic(name, index, requireNic(nic));
    }

    private static NicSpec requireNic(NicSpec nic) {
        if (nic == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be a NIC: {\"network\", \"mac\", \"local\", \"remote\"}");
        }
        return nic;
    }

    /**
     * {@code 202} with the VM as it is now; with {@code wait}, {@code 200} once {@code done} completes,
     * answered then without a request thread held meanwhile (a deploy of a hundred VMs waits on a
     * hundred starts), or its failure as a problem.
     */
    private CompletionStage<Response> answer(String name, CompletionStage<VmInfo> done, boolean wait) {
        if (!wait) {
            return CompletableFuture.completedStage(Response.accepted(get(name)).build());
        }
        CompletableFuture<Response> answer = new CompletableFuture<>();
        done.whenComplete((info, failure) -> {
            if (failure == null) {
                answer.complete(Response.ok(info).build());
            } else {
                answer.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            }
        });
        return answer;
    }
}
