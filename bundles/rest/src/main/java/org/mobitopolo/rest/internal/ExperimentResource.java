package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Response;
import org.mobitopolo.api.experiment.ExperimentRunner;
import org.mobitopolo.api.experiment.ExperimentStatus;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/experiments}: experiment files run (docs/EXPERIMENTS.md), one at a time. The files
 * come in the body, the experiment's and the topology files it names, so that no path of this host is
 * read on a caller's word; the results are read back by their names.
 */
@Component(service = ExperimentResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@javax.ws.rs.Path("experiments")
@Produces(APPLICATION_JSON)
public final class ExperimentResource {
    /**
     * The body of a start: the experiment file's text, the topology files it may name by their names,
     * and optionally another repetition count than the file's.
     */
    public record StartRequest(String experiment, Map<String, String> files, Integer repetitions) {}

    /** What an experiment writes, by name, with its media type: nothing else of its directory is served. */
    private static final Map<String, String> RESULTS = Map.of("results.csv", "text/csv", "summary.csv", "text/csv",
            "summary.txt", "text/plain; charset=utf-8", "plot.png", "image/png", "plot.svg", "image/svg+xml");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ExperimentRunner runner;

    private ExperimentRunner runner() {
        return PlatformException.requirePlugin(runner, "experiment runner", "mobitopolo-experiment");
    }

    @POST
    @Consumes(APPLICATION_JSON)
    @Summary("Run an experiment: {experiment: its file's text, files: {NAME: the topology file's text}, repetitions}; "
            + "202 with its status and a Location to poll")
    public Response start(StartRequest request) {
        if (request == null || request.experiment() == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST,
                    "body must be {\"experiment\": \"the file's text\", \"files\": {\"NAME.mobi.yml\": \"...\"}, \"repetitions\": N}");
        }
        int bytes = request.experiment().length() + (request.files() == null ? 0
                : request.files().entrySet().stream().mapToInt(e -> e.getKey().length() + String.valueOf(e.getValue()).length()).sum());
        if (bytes > TopologyResource.MAX_FILE_BYTES) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "the files are larger than " + TopologyResource.MAX_FILE_BYTES + " bytes");
        }
        ExperimentStatus s = runner().start(request.experiment(), request.files() == null ? Map.of() : request.files(),
                request.repetitions() == null ? 0 : request.repetitions());
        return Response.accepted(s).location(URI.create("experiments/" + s.id())).build();
    }

    @GET
    @Summary("Every experiment run since this runtime started, the newest last")
    public List<ExperimentStatus> list() {
        return runner().list();
    }

    @GET
    @javax.ws.rs.Path("{id}")
    @Summary("One experiment run: state, repetitions done of all, its log, once ended the summary table; ?wait=SECONDS "
            + "answers once it has ended or that time has passed")
    public CompletionStage<ExperimentStatus> get(@PathParam("id") String id, @QueryParam("wait") @DefaultValue("0") int waitSeconds) {
        if (waitSeconds < 0 || waitSeconds > TopologyResource.MAX_WAIT_SECONDS) {
            throw new PlatformException(ErrorCode.BAD_REQUEST,
                    "wait is 0 to " + TopologyResource.MAX_WAIT_SECONDS + " seconds, got " + waitSeconds);
        }
        ExperimentRunner r = runner();
        ExperimentStatus now = status(r, id);
        if (waitSeconds == 0 || !now.state().equals("RUNNING")) {
            return CompletableFuture.completedStage(now);
        }
        return r.ended(id).orElseGet(() -> CompletableFuture.completedStage(now)).toCompletableFuture()
                .completeOnTimeout(null, waitSeconds, TimeUnit.SECONDS)
                .thenApply(ended -> ended != null ? ended : status(r, id));
    }

    @GET
    @javax.ws.rs.Path("{id}/files/{name}")
    @Produces({"text/csv", "text/plain", "image/png", "image/svg+xml"})
    @Summary("A result of an experiment run: results.csv, summary.csv, summary.txt, plot.png or plot.svg")
    public Response file(@PathParam("id") String id, @PathParam("name") String name) {
        String type = RESULTS.get(name);
        if (type == null) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "an experiment's results are " + String.join(", ",
                    new TreeSet<>(RESULTS.keySet())) + "; not " + name);
        }
        Path file = Path.of(status(runner(), id).directory()).resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "experiment " + id + " has no " + name + " (yet)");
        }
        return Response.ok(file.toFile(), type).build();
    }

    @DELETE
    @javax.ws.rs.Path("{id}")
    @Summary("Cancel an experiment run after the step it is at: what it measured is written, its topology destroyed")
    public ExperimentStatus cancel(@PathParam("id") String id) {
        return runner().cancel(id);
    }

    private static ExperimentStatus status(ExperimentRunner r, String id) {
        return r.get(id).orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no experiment run " + id));
    }
}
