package org.mobitopolo.controller.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.net.LinkShape;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.HostCalls;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.topology.HostCapacity;
import org.mobitopolo.api.vm.ExecResult;
import org.mobitopolo.api.vm.VmSpec;

/**
 * One host's REST API as the controller uses it, every call with this runtime's credential for the
 * host. The calls that make something accept that it exists already, and those that remove
 * something accept that it is gone, so that a step run twice (a resumed deploy) does what it did once.
 * A host that answers with an error fails the call with the host's own words.
 */
final class HostClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final long[] RETRY_PAUSES_MILLIS = {250, 1000};

    private final String name;
    private final URI base;
    private final Supplier<Optional<String>> authorization;
    private final HttpClient http;

    /**
     * @param name the topology's name for the host, for messages
     * @param base its Mobitopolo URL, e.g. {@code http://10.0.0.2:8181}
     * @param authorization the {@code Authorization} header to present there, when there is one
     */
    HostClient(String name, URI base, Supplier<Optional<String>> authorization, HttpClient http) {
        this.name = name;
        this.base = base;
        this.authorization = authorization;
        this.http = http;
    }

    String name() {
        return name;
    }

    URI base() {
        return base;
    }

    /** Free memory, cores, usable hypervisors and snapshots. */
    HostCapacity capacity() {
        JsonNode host = get("/host");
        Set<String> hypervisors = new HashSet<>();
        host.path("hypervisors").forEach(h -> {
            if (h.path("usable").asBoolean()) {
                hypervisors.add(h.path("type").asText());
            }
        });
        Set<String> snapshots = new HashSet<>();
        get("/snapshots").forEach(s -> snapshots.add(s.path("name").asText()));
        return new HostCapacity(name, host.path("memoryAvailableBytes").asLong() >> 20, host.path("cpus").asInt(1),
                hypervisors, snapshots);
    }

    /** Every VM on the host and its state ({@code RUNNING}, {@code STOPPED}, ...), by name. */
    Map<String, String> vms() {
        Map<String, String> vms = new HashMap<>();
        get("/vms").forEach(vm -> vms.put(vm.path("spec").path("name").asText(), vm.path("state").asText()));
        return vms;
    }

    Set<String> networks() {
        Set<String> names = new HashSet<>();
        get("/networks").forEach(n -> names.add(n.path("name").asText()));
        return names;
    }

    /** The host's tunnels: where each points, by id. */
    Map<String, Endpoint> tunnels() {
        Map<String, Endpoint> tunnels = new HashMap<>();
        get("/tunnels").forEach(t -> tunnels.put(t.path("id").asText(),
                new Endpoint(t.path("remote").path("host").asText(), t.path("remote").path("port").asInt())));
        return tunnels;
    }

    /** Where the host's switch receives VXLAN. */
    Endpoint tunnelEndpoint() {
        JsonNode local = get("/tunnels/local");
        return new Endpoint(local.path("host").asText(), local.path("port").asInt());
    }

    void createNetwork(String network) {
        call("POST", "/networks", Map.of("name", network), 409);
    }

    /** Starts or changes a network's services: {@code PUT /networks/{name}/services}. */
    void configureServices(String network, String subnet, String gateway, String router, boolean dhcp, String zone) {
        Map<String, Object> spec = new HashMap<>(); // null values: Map.of takes none
        spec.put("subnet", subnet);
        spec.put("gateway", gateway.isEmpty() ? null : gateway);
        spec.put("router", router.isEmpty() ? null : router);
        spec.put("dhcp", dhcp);
        spec.put("dnsZone", zone.isEmpty() ? null : zone);
        call("PUT", "/networks/" + segment(network) + "/services", spec);
    }

    void removeServices(String network) {
        call("DELETE", "/networks/" + segment(network) + "/services", null, 404);
    }

    void deleteNetwork(String network) {
        call("DELETE", "/networks/" + segment(network), null, 404);
    }

    /** Opens a tunnel to that endpoint, or finds the one open already; returns its id. */
    String openTunnel(Endpoint remote) {
        for (Map.Entry<String, Endpoint> t : tunnels().entrySet()) {
            if (t.getValue().equals(remote)) {
                return t.getKey();
            }
        }
        return call("POST", "/tunnels", remote).path("id").asText();
    }

    void shapeTunnel(String id, LinkShape shape) {
        call("PUT", "/tunnels/" + segment(id) + "/shape", body(shape));
    }

    void closeTunnel(String id) {
        call("DELETE", "/tunnels/" + segment(id), null, 404);
    }

    void defineVm(VmSpec spec) {
        call("POST", "/vms", spec);
    }

    /**
     * Starts the VM and returns once its guest is ready: the host answers then ({@code ?wait=true}),
     * exactly when the guest says so, with no polling.
     *
     * @param ready how long the guest may take; the host's own limit may end it sooner
     */
    void startVm(String vm, Duration ready) {
        call("POST", "/vms/" + segment(vm) + "/start?wait=true", null, ready);
    }

    void deleteVm(String vm) {
        call("DELETE", "/vms/" + segment(vm), null, 404);
    }

    /** Freezes the running VM (a UML guest's disks are flushed first). */
    void freezeVm(String vm) {
        call("POST", "/vms/" + segment(vm) + "/freeze", null);
    }

    /** Resumes the frozen VM; one that runs already (its freeze failed) is left as it is. */
    void resumeVm(String vm) {
        call("POST", "/vms/" + segment(vm) + "/resume", null, 409);
    }

    void snapshotVm(String vm, String snapshot) {
        call("POST", "/snapshots", Map.of("vm", vm, "name", snapshot));
    }

    void deleteSnapshot(String snapshot) {
        call("DELETE", "/snapshots/" + segment(snapshot), null, 404);
    }

    /**
     * Has the host fetch the snapshot from the host at {@code source}, resuming what an earlier fetch
     * left; returns once it is there (the host answers then, {@code ?wait=true}).
     */
    void fetchSnapshot(String snapshot, URI source, Duration timeout) {
        call("POST", "/snapshots/" + segment(snapshot) + "/fetch?wait=true", Map.of("from", source.toString()), timeout);
    }

    /** Has the host fetch the image from the host at {@code source}, as {@link #fetchSnapshot}. */
    void fetchImage(String image, URI source, Duration timeout) {
        call("POST", "/images/" + segment(image) + "/fetch?wait=true", Map.of("from", source.toString()), timeout);
    }

    /** Runs {@code argv} in the VM's guest by its agent; the call waits a little longer than the command may. */
    ExecResult exec(String vm, List<String> argv, Duration timeout) {
        JsonNode r = call("POST", "/vms/" + segment(vm) + "/exec", Map.of("argv", argv, "timeoutSeconds",
                Math.max(1, timeout.toSeconds())), timeout.plusSeconds(10));
        return new ExecResult(r.path("exitCode").asInt(), r.path("stdout").asText(), r.path("stderr").asText(),
                r.path("millis").asLong());
    }

    /** Builds the image from Debian packages, or has the host reuse one built from them; returns once it is there. */
    void buildImage(String image, List<String> packages, int sizeMb, Duration timeout) {
        JsonNode build = call("POST", "/images/" + segment(image) + "/build?wait=true", Map.of("packages", packages, "sizeMb", sizeMb),
                timeout);
        if (!"COMPLETED".equals(build.path("state").asText())) {
            throw new PlatformException(ErrorCode.FAILED, "host " + name + " could not build image " + image + ": "
                    + build.path("error").asText("no reason given"));
        }
    }

    /** Shapes what the switch sends to the VM's port on the network. */
    void shapePort(String network, String vm, LinkShape shape) {
        String port = null;
        for (JsonNode p : get("/networks/" + segment(network) + "/ports")) {
            if (p.path("owner").asText().equals(vm)) {
                port = p.path("binding").path("portId").asText();
            }
        }
        if (port == null || port.isEmpty()) {
            throw new PlatformException(ErrorCode.FAILED, "host " + name + " has no port of VM " + vm + " on network " + network);
        }
        call("PUT", "/networks/" + segment(network) + "/ports/" + segment(port) + "/shape", body(shape));
    }

    /** Starts moving the VM to the host at {@code target}; returns the migration's id. */
    String migrate(String vm, URI target) {
        String id = call("POST", "/migrations", Map.of("vm", vm, "target", target.toString())).path("request").path("id").asText();
        if (id.isEmpty()) {
            throw new PlatformException(ErrorCode.FAILED, "host " + name + " (" + base + ") started the move of " + vm
                    + " without naming it; is it a Mobitopolo host of this version?");
        }
        return id;
    }

    JsonNode migration(String id) {
        return get("/migrations/" + segment(id));
    }

    private JsonNode get(String path) {
        return call("GET", path, null);
    }

    private JsonNode call(String method, String path, Object body, int... tolerated) {
        return call(method, path, body, CALL_TIMEOUT, tolerated);
    }

    /**
     * One call; {@code tolerated} is a status that means the effect is there already (answered by a
     * missing node).
     */
    private JsonNode call(String method, String path, Object body, Duration timeout, int... tolerated) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/v1" + path)).timeout(timeout)
                .header("Accept", "application/json");
        authorization.get().ifPresent(a -> request.header("Authorization", a));
        try {
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = send(method, request.build());
            int status = response.statusCode();
            if (status / 100 == 2) {
                return response.body().isBlank() ? JSON.missingNode() : JSON.readTree(response.body());
            }
            for (int t : tolerated) {
                if (status == t) {
                    return JSON.missingNode();
                }
            }
            throw refused(method, path, status, response.body());
        } catch (ConnectException e) {
            throw new PlatformException(ErrorCode.UNAVAILABLE, "host " + name + " (" + base + ") cannot be reached: connection refused");
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.UNAVAILABLE, "host " + name + " (" + base + ") cannot be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException(ErrorCode.UNAVAILABLE, "interrupted while calling host " + name, e);
        }
    }

    /**
     * Sends; a GET, PUT or DELETE (idempotent: the same effect when repeated) is tried up to three
     * times while the host cannot be reached, as a host that restarts or a dropped connection is not
     * yet a failed step.
     */
    private HttpResponse<String> send(String method, HttpRequest request) throws IOException, InterruptedException {
        int attempts = method.equals("POST") ? 1 : RETRY_PAUSES_MILLIS.length + 1;
        for (int i = 0; ; i++) {
            try {
                return HostCalls.send(http, request);
            } catch (IOException e) {
                if (i + 1 >= attempts) {
                    throw e;
                }
                Thread.sleep(RETRY_PAUSES_MILLIS[i]);
            }
        }
    }

    private PlatformException refused(String method, String path, int status, String body) {
        String detail = body;
        try {
            JsonNode problem = JSON.readTree(body);
            detail = problem.path("detail").asText(problem.path("title").asText(body));
        } catch (IOException notJson) {
            // the body as it came
        }
        ErrorCode code = switch (status) {
            case 400 -> ErrorCode.BAD_REQUEST;
            case 404 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.CONFLICT;
            case 401, 403 -> ErrorCode.FORBIDDEN; // this runtime is refused there: not the caller's 401
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> ErrorCode.FAILED;
        };
        String advice = status == 401 || status == 403 ? " (this runtime's credential there is missing or refused: issue a "
                + "token on that host with mobi:peer-token NAME and keep it here with mobi:peer-add " + base + " TOKEN)" : "";
        return new PlatformException(code, "host " + name + " answered " + method + " " + path + " with " + status + ": "
                + detail + advice);
    }

    /** A shape as the REST endpoint reads it: the record would carry its derived {@code none} too. */
    private static Map<String, Object> body(LinkShape s) {
        return Map.of("delayMillis", s.delayMillis(), "jitterMillis", s.jitterMillis(),
                "rateBitsPerSecond", s.rateBitsPerSecond(), "lossPercent", s.lossPercent());
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
