package org.mobitopolo.proxy.tinyproxy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** tinyproxy's own counters, read from its stat host page (filled from {@link TinyproxyConf#statsTemplate()}). */
record TinyproxyStats(long opens, long requests, long badConnections, long denied, long refused) {
    static final TinyproxyStats NONE = new TinyproxyStats(0, 0, 0, 0, 0);

    /**
     * Asks the running tinyproxy; it counts this request and connection too.
     *
     * @param basicAuth a {@code Proxy-Authorization} value when tinyproxy needs one, or null
     */
    static TinyproxyStats read(String host, int port, String basicAuth) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            s.setSoTimeout(2000);
            String request = "GET http://" + TinyproxyConf.STAT_HOST + "/ HTTP/1.0\r\nHost: " + TinyproxyConf.STAT_HOST
                    + "\r\n" + (basicAuth == null ? "" : "Proxy-Authorization: " + basicAuth + "\r\n") + "\r\n";
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            return parse(new String(in.readNBytes(64 * 1024), StandardCharsets.US_ASCII));
        }
    }

    static TinyproxyStats parse(String response) throws IOException {
        if (!response.startsWith("HTTP/1.") || !response.contains(" 200 ")) {
            throw new IOException("tinyproxy did not show its counters: "
                    + response.lines().findFirst().orElse("no answer"));
        }
        Map<String, Long> v = new HashMap<>();
        for (String line : response.split("\r?\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(eq + 1).strip().matches("\\d+")) {
                v.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).strip()));
            }
        }
        return new TinyproxyStats(v.getOrDefault("opens", 0L), v.getOrDefault("reqs", 0L), v.getOrDefault("badconns", 0L),
                v.getOrDefault("deniedconns", 0L), v.getOrDefault("refusedconns", 0L));
    }
}
