package org.mobitopolo.proxy.netty.internal;

import io.netty.handler.codec.http.HttpMethod;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the logger {@code org.mobitopolo.proxy.access} (Karaf's log unless routed
 * elsewhere): client, user, request, status, body bytes, milliseconds, cache outcome. Credentials never
 * appear: they are not in the line, and user info in URIs is cut out.
 */
final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("org.mobitopolo.proxy.access");

    private AccessLog() {}

    static void log(InetAddress client, String user, HttpMethod method, String uri, int status, long bytes, long millis,
            String cache) {
        if (LOG.isInfoEnabled()) {
            LOG.info("{} {} \"{} {}\" {} {} {}ms {}", client.getHostAddress(), user == null ? "-" : user,
                    method == null ? "-" : method.name(), withoutUserInfo(uri), status, bytes, millis, cache);
        }
    }

    static String withoutUserInfo(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return uri;
        }
        int end = scheme + 3;
        while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        int at = uri.lastIndexOf('@', end - 1);
        return at > scheme ? uri.substring(0, scheme + 3) + uri.substring(at + 1) : uri;
    }
}
