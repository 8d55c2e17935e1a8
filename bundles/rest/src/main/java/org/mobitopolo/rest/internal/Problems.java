package org.mobitopolo.rest.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.LoginThrottledException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any failure into a problem+json answer. The detail is written for the user; stack frames
 * and class names never leave the server.
 */
final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    private static final String MALFORMED_JSON = "malformed JSON body";

    private Problems() {}

    static Response toResponse(Throwable e, UriInfo uri) {
        Problem problem = of(e, uri == null ? null : uri.getRequestUri().getRawPath());
        Response.ResponseBuilder answer = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (e instanceof LoginThrottledException t) {
            answer.header(HttpHeaders.RETRY_AFTER, Math.max(1, t.retryAfter().toSeconds()));
        }
        if (problem.status() == 401) {
            answer.header(HttpHeaders.WWW_AUTHENTICATE, SessionFilter.CHALLENGE);
        }
        return answer.build();
    }

    /** The problem a failure of the request for {@code path} amounts to. */
    static Problem of(Throwable e, String path) {
        int status;
        String detail;
        JsonProcessingException json = causeOfType(e, JsonProcessingException.class);
        // A record's own validation, even when Jackson met it while reading a body.
        IllegalArgumentException invalid = causeOfType(e, IllegalArgumentException.class);
        BoundedBody.TooLarge tooLarge = causeOfType(e, BoundedBody.TooLarge.class);
        if (tooLarge != null) {
            status = 413;
            detail = tooLarge.getMessage();
        } else if (e instanceof WebApplicationException w) {
            status = w.getResponse().getStatus();
            detail = webDetail(status, path);
        } else if (e instanceof PlatformException p) {
            status = p.code().httpStatus();
            detail = p.getMessage();
        } else if (invalid != null) {
            status = 400;
            detail = invalid.getMessage();
        } else if (json != null) {
            status = 400;
            detail = jsonDetail(json);
        } else {
            status = 500;
            detail = "internal error; the server log has the details";
        }
        if (status >= 500) {
            LOG.error("REST request {} failed", path, e);
        } else {
            LOG.debug("REST request {} refused: {}", path, detail);
        }
        return new Problem("about:blank", reason(status), status, detail, path);
    }

    private static String reason(int status) {
        if (status == 429) {
            return "Too Many Requests"; // not in JAX-RS 2.1's list
        }
        if (status == 507) {
            return "Insufficient Storage"; // nor this
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }

    private static String webDetail(int status, String path) {
        return switch (status) {
            case 404 -> "no resource at " + path + "; GET /api/v1/openapi.json lists them all";
            case 405 -> "this method is not allowed on " + path;
            case 406 -> "this resource cannot answer in the requested media type";
            case 415 -> "unsupported content type; send application/json";
            default -> reason(status);
        };
    }

    private static String jsonDetail(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        if (e instanceof ValueInstantiationException v) {
            // The constructor's own failure message names our internals; say what could not be built.
            return "invalid " + v.getType().getRawClass().getSimpleName() + " in the body" + where;
        }
        return MALFORMED_JSON + where + ": " + e.getOriginalMessage();
    }

    /**
     * A problem's detail as the audit trail may keep it: Jackson's words on a malformed body can quote
     * the body (a password, say), so of those only where the body broke is kept.
     */
    static String auditable(String detail) {
        if (!detail.startsWith(MALFORMED_JSON)) {
            return detail;
        }
        int quote = detail.indexOf(": ", MALFORMED_JSON.length());
        return quote < 0 ? detail : detail.substring(0, quote);
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
