package org.mobitopolo.migration.precopy.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mobitopolo.api.migration.NicOrigin;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.HostCalls;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.IncomingVm;
import org.mobitopolo.api.vm.VmSpec;

/**
 * The target host's side of a move, reached over its REST endpoint ({@code /api/v1/migrations/incoming}):
 * the engine's control channel. Memory and disk go straight between the hypervisors.
 */
final class TargetHost {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final Optional<String> authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param target the target's Mobitopolo endpoint, e.g. {@code http://10.0.0.2:8181}
     * @param authorization the {@code Authorization} header this host presents to it, if it keeps a credential for it
     */
    TargetHost(URI target, Optional<String> authorization) {
        check(target);
        this.base = target.resolve("/api/v1/migrations/incoming");
        this.authorization = authorization;
    }

    static void check(URI target) {
        if (target.getHost() == null || !"http".equals(target.getScheme()) && !"https".equals(target.getScheme())) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "the target is a Mobitopolo host's URL like "
                    + "http://10.0.0.2:8181, got " + target);
        }
    }

    /** The host the target listens on for the VM's state: the address this host reaches it by. */
    String host() {
        return base.getHost();
    }

    IncomingVm receive(VmSpec spec, long diskBytes) {
        return JSON.convertValue(call("POST", base, Map.of("spec", spec, "diskBytes", diskBytes, "host", host())),
                IncomingVm.class);
    }

    /** What the target did once the VM ran there: a line per rebinding, and how long they took. */
    record Rebound(List<String> lines, long millis) {}

    /** Has the target run the VM and rebind it. */
    Rebound complete(String vm, String rebind, Map<String, NicOrigin> origins) {
        JsonNode arrival = call("POST", URI.create(base + "/" + vm + "/complete"), Map.of("rebind", rebind, "origins", origins));
        List<String> rebinding = new ArrayList<>();
        arrival.path("rebinding").forEach(line -> rebinding.add(line.asText()));
        return new Rebound(rebinding, arrival.path("rebindingMillis").asLong());
    }

    void drop(String vm) {
        call("DELETE", URI.create(base + "/" + vm), null);
    }

    /** What to do when the target refuses this host's credential, or its lack of one. */
    private String advice(int status) {
        String fix = "issue a peer token on the target (mobi:peer-token NAME there) and keep it here "
                + "(mobi:peer-add " + base.getScheme() + "://" + base.getAuthority() + " TOKEN)";
        if (status == 401) {
            return authorization.isEmpty() ? "; this host holds no credential for it: " + fix
                    : "; it no longer accepts this host's credential: " + fix;
        }
        return status == 403 ? "; this host's credential there lacks the role: " + fix : "";
    }

    private JsonNode call(String method, URI uri, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json");
            authorization.ifPresent(a -> request.header("Authorization", a));
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = HostCalls.send(http, request.build());
            if (response.statusCode() >= 300) {
                String detail = response.body();
                try {
                    detail = JSON.readTree(response.body()).path("detail").asText(detail);
                } catch (IOException notProblemJson) {
                    // the body as it came is the best account
                }
                throw new PlatformException(response.statusCode() == 503 ? ErrorCode.UNAVAILABLE : ErrorCode.FAILED,
                        "target " + base.getAuthority() + " refused: " + detail + advice(response.statusCode()));
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "target " + base.getAuthority() + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException(ErrorCode.FAILED, "interrupted talking to " + base.getAuthority(), e);
        }
    }
}
