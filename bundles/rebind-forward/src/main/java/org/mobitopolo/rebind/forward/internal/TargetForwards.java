package org.mobitopolo.rebind.forward.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.HostCalls;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.rebind.ForwardSpec;

/** The target host's ends of forwards, reached over its REST endpoint ({@code /api/v1/forwards}) with this host's peer credential. */
final class TargetForwards {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final URI base;
    private final Optional<String> authorization;

    TargetForwards(URI target, Optional<String> authorization) {
        this.base = target.resolve("/api/v1/forwards");
        this.authorization = authorization;
    }

    /** Opens the target's end; returns where it receives from this one. */
    Endpoint open(ForwardSpec spec) {
        try {
            String body = call(request(base).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(spec))));
            JsonNode local = JSON.readTree(body).path("local");
            return new Endpoint(local.path("host").asText(), local.path("port").asInt());
        } catch (IOException | IllegalArgumentException e) {
            throw new PlatformException(ErrorCode.FAILED, "target " + base.getAuthority() + " answered no forward: " + e.getMessage(), e);
        }
    }

    void close(String id) {
        call(request(URI.create(base + "/" + id)).DELETE());
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json");
        authorization.ifPresent(a -> r.header("Authorization", a));
        return r;
    }

    private String call(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HostCalls.send(HTTP, request.build());
            if (response.statusCode() >= 300) {
                String detail = response.body();
                try {
                    detail = JSON.readTree(detail).path("detail").asText(detail);
                } catch (IOException notProblemJson) {
                    // the body as it came
                }
                throw new PlatformException(ErrorCode.FAILED, "target " + base.getAuthority() + " refused: " + detail);
            }
            return response.body();
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "target " + base.getAuthority() + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException(ErrorCode.FAILED, "interrupted talking to " + base.getAuthority(), e);
        }
    }
}
