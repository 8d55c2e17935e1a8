package org.mobitopolo.proxy.netty.internal;

import java.util.Locale;

/**
 * Where a proxied request goes.
 *
 * @param originForm the path and query the origin server gets
 * @param key scheme, host and port, lower case: requests with the same key can share an origin connection
 */
record Target(String host, int port, String originForm, String key) {
    /** The URI of an absolute-form request ({@code http://host[:port]/path}), user info dropped. */
    static Target ofAbsoluteUri(String uri) {
        if (!uri.regionMatches(true, 0, "http://", 0, 7)) {
            throw new IllegalArgumentException(uri.regionMatches(true, 0, "https://", 0, 8)
                    ? "https URIs go through a CONNECT tunnel (curl does this by itself)"
                    : "a proxy needs the absolute URI (http://host/path), or CONNECT host:443; got " + uri);
        }
        int end = 7;
        while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        String authority = uri.substring(7, end);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        String rest = uri.substring(end);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        String originForm = rest.isEmpty() ? "/" : rest.startsWith("?") ? "/" + rest : rest;
        Target t = ofAuthority(authority, 80);
        return new Target(t.host(), t.port(), originForm, t.key());
    }

    /** {@code host:port} of a CONNECT request, or the authority of a URI. */
    static Target ofAuthority(String authority, int defaultPort) {
        String host = authority;
        int port = defaultPort;
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && colon > authority.lastIndexOf(']')) {
            host = authority.substring(0, colon);
            try {
                port = Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in " + authority);
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || port < 1 || port > 65535 || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '@')) {
            throw new IllegalArgumentException("bad host or port in " + authority);
        }
        host = host.toLowerCase(Locale.ROOT);
        return new Target(host, port, "", host + ":" + port);
    }

    /** The {@code Host} header for this target. */
    String hostHeader() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return port == 80 ? h : h + ":" + port;
    }

    /** The cache key: the absolute URI, normalised. */
    String uri() {
        return "http://" + hostHeader() + originForm;
    }
}
