package org.mobitopolo.migration.precopy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's memory of finished moves stays bounded, and a running move is never forgotten. */
class ForgetOldestTest {
    private static Map<String, String> moves(String... states) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < states.length; i++) {
            m.put("m" + i, states[i]);
        }
        return m;
    }

    @Test
    void theOldestFinishedGoFirstAndRunningOnesStay() {
        Map<String, String> m = moves("done", "running", "failed", "done", "running", "done");
        PrecopyEngine.forgetOldest(m, s -> !s.equals("running"), 2);
        assertEquals(List.of("m1", "m3", "m4", "m5"), List.copyOf(m.keySet()));
    }

    @Test
    void fewerThanTheLimitAreAllKept() {
        Map<String, String> m = moves("done", "running");
        PrecopyEngine.forgetOldest(m, s -> !s.equals("running"), 2);
        assertEquals(2, m.size());
    }

    @Test
    void zeroKeepsOnlyRunningOnes() {
        Map<String, String> m = moves("done", "running", "failed");
        PrecopyEngine.forgetOldest(m, s -> !s.equals("running"), 0);
        assertEquals(List.of("m1"), List.copyOf(m.keySet()));
    }
}
