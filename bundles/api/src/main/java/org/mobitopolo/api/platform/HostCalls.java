package org.mobitopolo.api.platform;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One call from this host to another, bounded as a whole. {@link HttpClient#send} stops watching a
 * request's timeout once the response's headers are in (JDK-8258397): a host that sends its headers
 * and then stalls would hold the caller for ever. Here the body must be in within the timeout too.
 */
public final class HostCalls {
    private HostCalls() {}

    /**
     * Sends {@code request} and reads its answer as text, all within the request's timeout (a
     * minute when it has none); throws as {@link HttpClient#send} does, an {@link HttpTimeoutException}
     * when the time is up.
     */
    public static HttpResponse<String> send(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        Duration timeout = request.timeout().orElse(Duration.ofMinutes(1));
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new HttpTimeoutException(request.method() + " " + request.uri() + ": no whole answer within "
                    + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        }
    }
}
