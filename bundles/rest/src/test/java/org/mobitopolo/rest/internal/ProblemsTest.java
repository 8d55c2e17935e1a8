package org.mobitopolo.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

class ProblemsTest {
    @Test
    void platformExceptionsKeepTheirStatusAndMessage() {
        Problem p = Problems.of(new PlatformException(ErrorCode.CONFLICT, "name vm1 is taken"), "/api/v1/vms");
        assertEquals(new Problem("about:blank", "Conflict", 409, "name vm1 is taken", "/api/v1/vms"), p);
        assertEquals(503, Problems.of(PlatformException.noPlugin("host facts", "mobitopolo-host"), "/").status());
    }

    @Test
    void tooLargeAndNoRoomHaveTheirStatusAndATitle() {
        Problem large = Problems.of(new PlatformException(ErrorCode.PAYLOAD_TOO_LARGE, "image a is 9 bytes"), "/api/v1/images/a");
        assertEquals(413, large.status());
        assertEquals("Request Entity Too Large", large.title());
        Problem full = Problems.of(new PlatformException(ErrorCode.INSUFFICIENT_STORAGE, "no room"), "/api/v1/images/a");
        assertEquals(507, full.status());
        assertEquals("Insufficient Storage", full.title());
    }

    @Test
    void malformedJsonIsABadRequestSayingWhere() {
        JsonProcessingException parse = assertThrows(JsonProcessingException.class,
                () -> new ObjectMapper().readTree("{\"installed\": tru"));
        Problem p = Problems.of(new RuntimeException("wrapped by the runtime", parse), "/api/v1/features/x");
        assertEquals(400, p.status());
        assertTrue(p.detail().startsWith("malformed JSON body at line 1, column "), p.detail());
        assertTrue(p.detail().contains("tru"), p.detail());
    }

    @Test
    void invalidValuesAreBadRequests() {
        Problem p = Problems.of(new IllegalArgumentException("memory must be 16-65536 MiB, got 3"), "/api/v1/vms");
        assertEquals(400, p.status());
        assertEquals("memory must be 16-65536 MiB, got 3", p.detail());
    }

    @Test
    void unexpectedFailuresRevealNothingInternal() {
        Problem p = Problems.of(new NullPointerException("Cannot invoke \"org.mobitopolo.Foo.bar()\""), "/api/v1/host");
        assertEquals(500, p.status());
        assertEquals("Internal Server Error", p.title());
        assertFalse(p.detail().contains("org.mobitopolo"), p.detail());
    }
}
