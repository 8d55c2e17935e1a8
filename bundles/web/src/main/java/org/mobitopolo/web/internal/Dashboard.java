package org.mobitopolo.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.servlet.Servlet;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.http.whiteboard.annotations.RequireHttpWhiteboard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the dashboard at {@code /}: reads its files from this bundle and registers the servlet that
 * serves them on the HTTP whiteboard, as the default servlet ({@code /}: the root, and what no other
 * servlet takes, answered 404) and at exactly each file's path, since exact mappings win over any
 * prefix ({@code /*}) another bundle may register in the root context. The REST endpoint has a context
 * of its own ({@code /api/v1}) and is not touched. The JAX-RS whiteboard's own default application,
 * which this platform does not use, would hold {@code /*}: the feature moves it to
 * {@value #JAXRS_DEFAULT_BASE}.
 */
@Component(service = {})
@RequireHttpWhiteboard
public final class Dashboard {
    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    static final String SERVLET_NAME = "mobitopolo-web";
    /** Where the feature's configuration of the Aries JAX-RS whiteboard puts its {@code .default} application. */
    static final String JAXRS_DEFAULT_BASE = "/jaxrs-default";

    private ServiceRegistration<Servlet> registration;

    @Activate
    void activate(BundleContext context) {
        StaticFiles files = StaticFiles.of(read(context.getBundle()));
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, SERVLET_NAME);
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, patterns(files).toArray(String[]::new));
        registration = context.registerService(Servlet.class, new DashboardServlet(files), props);
        LOG.info("Web dashboard at /: {} files, {} bytes compressed", files.all().size(), files.gzippedBytes());
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        LOG.info("Web dashboard stopped");
    }

    /** The default servlet's and each file's own path. */
    static List<String> patterns(StaticFiles files) {
        return Stream.concat(Stream.of("/"), files.all().keySet().stream().sorted().map(name -> "/" + name)).toList();
    }

    private static Map<String, byte[]> read(Bundle bundle) {
        Map<String, byte[]> contents = new HashMap<>();
        Enumeration<URL> entries = bundle.findEntries("web", "*", false);
        for (URL entry : entries == null ? Collections.<URL>emptyList() : Collections.list(entries)) {
            String name = entry.getPath().substring(entry.getPath().lastIndexOf('/') + 1);
            try (InputStream in = entry.openStream()) {
                contents.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + entry + " from the bundle", e);
            }
        }
        return contents;
    }
}
