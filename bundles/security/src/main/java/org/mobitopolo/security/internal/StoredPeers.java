package org.mobitopolo.security.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.HostCalls;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.Peer;
import org.mobitopolo.api.security.PeerCredentials;
import org.mobitopolo.api.security.Role;
import org.mobitopolo.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credentials this host presents to its peers, in the store's table {@code security.peers}. A
 * token is kept only once its host has said whose it is ({@code GET /api/v1/sessions/current}
 * there), so that a mistyped token or URL shows when it is added, not in the middle of a move.
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component
public final class StoredPeers implements PeerCredentials {
    private static final Logger AUDIT = LoggerFactory.getLogger("org.mobitopolo.audit");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Store store;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private volatile PeerTable table;

    @Activate
    public StoredPeers(@Reference Store store) {
        this.store = store;
    }

    @Override
    public Peer add(URI url, String token) {
        URI host = normalize(url);
        if (!Tokens.isWellFormed(token)) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "a Mobitopolo token is 43 characters of base64url "
                    + "(issue one on " + host + " with mobi:peer-token NAME)");
        }
        JsonNode session = whoIs(host, token);
        Role role = Role.valueOf(session.path("role").asText("viewer").toUpperCase(Locale.ROOT));
        if (!role.includes(Role.OPERATOR)) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, host + " says this token is a " + role.id()
                    + "'s, which may not receive VMs there; issue a peer token on it with mobi:peer-token NAME");
        }
        PeerTable.Row row = new PeerTable.Row(host, token, session.path("user").asText() + " (" + role.id() + ")",
                Instant.now(), Instant.ofEpochMilli(session.path("expiresMillis").asLong()));
        table().put(row);
        AUDIT.info("credential for peer {} kept: {} until {}", host, row.identity(), row.expires());
        return peer(row);
    }

    @Override
    public List<Peer> list() {
        return table().all().stream().map(StoredPeers::peer).toList();
    }

    @Override
    public boolean remove(URI url) {
        URI host = normalize(url);
        boolean removed = table().remove(host);
        if (removed) {
            AUDIT.info("credential for peer {} forgotten", host);
        }
        return removed;
    }

    @Override
    public Optional<String> authorization(URI url) {
        return table().get(normalize(url)).map(r -> "Bearer " + r.token());
    }

    /** {@code scheme://host:port} of a Mobitopolo host's URL, the key its credential is kept under. */
    static URI normalize(URI url) {
        String scheme = url == null || url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = url != null && url.getUserInfo() == null && url.getQuery() == null && url.getFragment() == null
                && (url.getRawPath() == null || url.getRawPath().isEmpty() || url.getRawPath().equals("/"));
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null || !bare) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "a peer is a Mobitopolo host's URL like http://10.0.0.2:8181, got "
                    + url);
        }
        int port = url.getPort() != -1 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        try {
            return new URI(scheme, null, url.getHost().toLowerCase(Locale.ROOT), port, null, null, null);
        } catch (URISyntaxException e) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "not a host's URL: " + url, e);
        }
    }

    /** The session the host says the token opens. */
    private JsonNode whoIs(URI host, String token) {
        HttpRequest request = HttpRequest.newBuilder(host.resolve("/api/v1/sessions/current")).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = HostCalls.send(http, request);
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.UNAVAILABLE, "cannot reach " + host + " to check the token: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException(ErrorCode.UNAVAILABLE, "interrupted checking the token with " + host, e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = JSON.nullNode();
        }
        if (response.statusCode() != 200 || !body.hasNonNull("role")) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, host + " refused the token (" + response.statusCode() + "): "
                    + body.path("detail").asText("not a Mobitopolo host's answer"));
        }
        return body;
    }

    private static Peer peer(PeerTable.Row r) {
        return new Peer(r.url(), r.identity(), r.added(), r.expires());
    }

    /** The table, once the module's migrations are applied; retried on each use while the store cannot be reached. */
    private PeerTable table() {
        PeerTable t = table;
        if (t == null) {
            synchronized (this) {
                if (table == null) {
                    store.migrate(StoredSessions.MODULE, StoredPeers.class.getClassLoader());
                    table = new PeerTable(store.dataSource());
                }
                t = table;
            }
        }
        return t;
    }
}
