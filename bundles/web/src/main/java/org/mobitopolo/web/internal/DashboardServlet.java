package org.mobitopolo.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the dashboard at {@code /}. Registered as the default servlet ({@code /}), so every longer
 * mapping, the REST endpoint's {@code /api/v1/*} first of all, still wins; what it does not know is 404.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/")
@HttpWhiteboardServletName("mobitopolo-web")
public final class DashboardServlet extends HttpServlet {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServlet.class);
    /** Everything comes from here, no inline script or style: an injected tag can do nothing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private transient StaticFiles files;

    @Activate
    void activate(BundleContext context) {
        files = StaticFiles.of(read(context.getBundle()));
        LOG.info("Web dashboard: {} files, {} bytes compressed", files.all().size(), files.gzippedBytes());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Optional<StaticFiles.File> found = files.find(path);
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (found.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        StaticFiles.File file = found.get();
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        // always revalidated, so a new bundle's files are used at once; unchanged ones cost a 304
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("ETag", file.etag());
        response.setHeader("Vary", "Accept-Encoding");
        if (file.etag().equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(file.contentType());
        String accepted = request.getHeader("Accept-Encoding");
        byte[] body = file.bytes();
        if (accepted != null && accepted.contains("gzip")) {
            response.setHeader("Content-Encoding", "gzip");
            body = file.gzipped();
        }
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
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
