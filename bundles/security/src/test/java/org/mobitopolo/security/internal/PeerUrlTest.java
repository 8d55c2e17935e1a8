package org.mobitopolo.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/** The key a peer's credential is kept under: one per host, however its URL is written. */
class PeerUrlTest {
    @Test
    void oneHostIsOneKey() {
        URI key = URI.create("http://10.0.0.2:8181");
        assertEquals(key, StoredPeers.normalize(URI.create("http://10.0.0.2:8181/")));
        assertEquals(key, StoredPeers.normalize(URI.create("HTTP://10.0.0.2:8181")));
        assertEquals(URI.create("http://host-b.example:80"), StoredPeers.normalize(URI.create("http://Host-B.example")));
        assertEquals(URI.create("https://b:443"), StoredPeers.normalize(URI.create("https://b/")));
    }

    @Test
    void anythingButAHostsUrlIsRefused() {
        for (String url : new String[] {"ftp://b:21", "http://u:p@b:8181", "http://b:8181/api/v1", "http://b:8181?x=1",
            "b:8181", "/api"}) {
            assertEquals(ErrorCode.BAD_REQUEST, assertThrows(PlatformException.class,
                    () -> StoredPeers.normalize(URI.create(url))).code(), url);
        }
    }
}
