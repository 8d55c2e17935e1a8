package org.mobitopolo.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class EventFeedTest {
    @Test
    void anEventsDataIsItsPropertiesAsJsonWithoutTheTopic() {
        Event e = new Event("org/mobitopolo/vm/STATE", Map.of("vm", "web1", "state", "RUNNING", "round", 3, "live", true));
        assertEquals("{\"live\":true,\"round\":3,\"state\":\"RUNNING\",\"vm\":\"web1\"}", EventFeed.data(e));
    }

    @Test
    void valuesJsonCannotCarryAreTheirText() {
        Event e = new Event("org/mobitopolo/x", Map.of("target", java.net.URI.create("http://b:8181"), "text", "a \"quoted\"\nline"));
        assertEquals("{\"target\":\"http://b:8181\",\"text\":\"a \\\"quoted\\\"\\nline\"}", EventFeed.data(e));
    }

    @Test
    void listsOfObjectsAreJsonArrays() {
        Event e = new Event("org/mobitopolo/net/COUNTERS", Map.of("ports", java.util.List.of(new java.util.TreeMap<>(Map.of("port", "p1", "rxBytes", 42L))),
                "tunnels", java.util.List.of()));
        assertEquals("{\"ports\":[{\"port\":\"p1\",\"rxBytes\":42}],\"tunnels\":[]}", EventFeed.data(e));
    }
}
