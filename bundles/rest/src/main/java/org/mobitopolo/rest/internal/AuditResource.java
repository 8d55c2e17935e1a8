package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.AuditEntry;
import org.mobitopolo.api.security.AuditQuery;
import org.mobitopolo.api.security.AuditTrail;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code /api/v1/audit} (admin, by {@link AccessRules}): the audit trail of every runtime on the store, newest first. */
@Component(service = AuditResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Path("audit")
@Produces(APPLICATION_JSON)
public final class AuditResource {
    static final int DEFAULT_LIMIT = 100;

    /** An entry as the endpoint shows it; its time in epoch milliseconds, as elsewhere in the API. */
    record AuditEntryDto(long id, long atMillis, String user, String role, String clientAddress, String action, int status,
            String detail) {
        static AuditEntryDto of(AuditEntry e) {
            return new AuditEntryDto(e.id(), e.at().toEpochMilli(), e.user(), e.role(), e.clientAddress(), e.action(), e.status(),
                    e.detail());
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AuditTrail trail;

    @GET
    @Summary("The audit trail (admin), newest first: every state-changing call with its user, role, client address, "
            + "action, status and the detail of a failure; limit 1 to 1000, user exact, since in epoch ms or ISO-8601")
    public List<AuditEntryDto> list(@QueryParam("limit") @DefaultValue("" + DEFAULT_LIMIT) String limit,
            @QueryParam("user") String user, @QueryParam("since") String since) {
        AuditQuery query = query(limit, user, since);
        return PlatformException.requirePlugin(trail, "audit trail", "mobitopolo-security").list(query).stream()
                .map(AuditEntryDto::of).toList();
    }

    /** The query the parameters ask for; {@code BAD_REQUEST} saying which one is wrong. Strings, so that a bad number is a 400, not JAX-RS's 404. */
    static AuditQuery query(String limit, String user, String since) {
        int n;
        try {
            n = limit == null || limit.isEmpty() ? DEFAULT_LIMIT : Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1 || n > AuditQuery.MAX_LIMIT) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "limit must be a whole number from 1 to " + AuditQuery.MAX_LIMIT
                    + ", not '" + limit + "'");
        }
        return new AuditQuery(n, user == null || user.isBlank() ? null : user, since(since));
    }

    private static Instant since(String since) {
        if (since == null || since.isBlank()) {
            return null;
        }
        String s = since.strip();
        try {
            return s.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(s)) : Instant.parse(s);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "since must be epoch milliseconds or an ISO-8601 instant such as "
                    + "2025-01-01T08:00:00Z, not '" + since + "'");
        }
    }
}
