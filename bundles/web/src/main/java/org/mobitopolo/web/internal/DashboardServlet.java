package org.mobitopolo.web.internal;

import java.io.IOException;
import java.util.Optional;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Serves the dashboard's files: compressed to clients that accept gzip, revalidated by ETag, with
 * headers that keep the page to its own origin's scripts and out of frames.
 */
final class DashboardServlet extends HttpServlet {
    /** Everything comes from here, no inline script or style: an injected tag can do nothing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private final transient StaticFiles files;

    DashboardServlet(StaticFiles files) {
        this.files = files;
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
        response.getOutputStream().write(body); // a HEAD request's response drops it
    }
}
