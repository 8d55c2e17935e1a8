package org.mobitopolo.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DashboardTest {
    /** The page's files as the bundle carries them. */
    private static Map<String, byte[]> bundled() throws IOException, URISyntaxException {
        Path dir = Path.of(DashboardTest.class.getResource("/web/index.html").toURI()).getParent();
        Map<String, byte[]> files = new HashMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    @Test
    void theServletIsMappedToTheRootAndExactlyItsFiles() {
        StaticFiles files = StaticFiles.of(Map.of("index.html", new byte[0], "app.js", new byte[0], "app.css", new byte[0]));
        assertEquals(List.of("/", "/app.css", "/app.js", "/index.html"), Dashboard.patterns(files));
    }

    @Test
    void everyBundledFileIsServed() throws Exception {
        Map<String, byte[]> bundled = bundled();
        assertEquals(bundled.keySet(), StaticFiles.of(bundled).all().keySet(), "a file with a name the servlet does not serve");
    }

    /** A module the page imports, or a file it links, that is not there would fail only in a browser. */
    @Test
    void everythingThePageLoadsIsBundled() throws Exception {
        Map<String, byte[]> bundled = bundled();
        Pattern reference = Pattern.compile("(?:src|href)=\"([a-z0-9-]+\\.(?:js|css))\"|from '\\./([a-z0-9-]+\\.js)'");
        for (Map.Entry<String, byte[]> file : bundled.entrySet()) {
            Matcher m = reference.matcher(new String(file.getValue(), java.nio.charset.StandardCharsets.UTF_8));
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                assertTrue(bundled.containsKey(name), file.getKey() + " loads " + name + ", which is not bundled");
            }
        }
    }
}
