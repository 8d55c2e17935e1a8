package org.mobitopolo.rest.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import org.mobitopolo.api.platform.PlatformException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any failure into a problem+json answer. The detail is written for the user; stack frames
 * and class names never leave the server.
 */
final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private Problems() {}

    static Response toResponse(Throwable e, UriInfo uri) {
        String path = uri == null ? null : uri.getRequestUri().getRawPath();
        int status;
        String detail;
        JsonProcessingException json = causeOfType(e, JsonProcessingException.class);
        if (e instanceof WebApplicationException w) {
            status = w.getResponse().getStatus();
            detail = webDetail(status, path);
        } else if (e instanceof PlatformException p) {
            status = p.code().httpStatus();
            detail = p.getMessage();
        } else if (json != null) {
            status = 400;
            detail = jsonDetail(json);
        } else if (e instanceof IllegalArgumentException) {
            status = 400;
            detail = e.getMessage();
        } else {
            status = 500;
            detail = "internal error; the server log has the details";
        }
        if (status >= 500) {
            LOG.error("REST request {} failed", path, e);
        } else {
            LOG.debug("REST request {} refused: {}", path, detail);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", title, status, detail, path))
                .build();
    }

    private static String webDetail(int status, String path) {
        return switch (status) {
            case 404 -> "no resource at " + path + "; GET /api/v1/openapi.json lists them all";
            case 405 -> "this method is not allowed on " + path;
            case 406 -> "this resource cannot answer in the requested media type";
            case 415 -> "unsupported content type; send application/json";
            default -> Response.Status.fromStatusCode(status) == null
                    ? "request failed with HTTP " + status
                    : Response.Status.fromStatusCode(status).getReasonPhrase();
        };
    }

    private static String jsonDetail(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "malformed JSON body" + where + ": " + e.getOriginalMessage();
    }

    private static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
