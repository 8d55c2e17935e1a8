package org.mobitopolo.netservices.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.netservices.DnsRecord;
import org.mobitopolo.store.internal.StoreFixture;

/** What the services keep, on a real PostgreSQL server: leases back after a restart, records, a network's services forgotten. */
class PostgresTablesTest {
    private static StoreFixture.Postgres server;

    @BeforeAll
    static void start() throws Exception {
        server = new StoreFixture.Postgres();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void leasesRecordsAndServicesOutliveTheirRuntime() throws Exception {
        String db = server.createDatabase();
        ServiceTables first = Tables.on(server.store(db, "a"));
        first.put(new ServiceTables.Network("site-a", "10.1.0.0/24", "10.1.0.1", null, true, "site-a.mobi", "c2VjcmV0"));
        Subnet subnet = Subnet.parse("10.1.0.0/24");
        DhcpPool pool = new DhcpPool("site-a", subnet, subnet.firstHost(), 0, Duration.ofHours(1), first, Clock.systemUTC());
        int a = pool.offer("02:00:00:00:00:0a", 0).getAsInt();
        pool.request("02:00:00:00:00:0a", a, "alpha");
        new DnsZone("site-a.mobi", "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=", 5, subnet.firstHost(), List::of, first)
                .put("db.site-a.mobi", "10.1.0.20", DnsZone.STATIC);

        ServiceTables again = Tables.on(server.store(db, "b")); // another runtime on the same database
        assertEquals("site-a.mobi", again.network("site-a").orElseThrow().zone());
        DhcpPool restarted = new DhcpPool("site-a", subnet, subnet.firstHost(), 0, Duration.ofHours(1), again, Clock.systemUTC());
        assertEquals(a, restarted.offer("02:00:00:00:00:0a", 0).getAsInt());
        assertEquals("alpha", restarted.leases().get(0).hostname());
        assertEquals(List.of(new DnsRecord("db.site-a.mobi", "A", "10.1.0.20", 5, "static")), again.records("site-a.mobi", 5));

        again.remove("site-a", "site-a.mobi");
        assertEquals(List.of(), again.bindings("site-a"));
        assertEquals(List.of(), again.records("site-a.mobi", 5));
        assertNull(again.network("site-a").orElse(null));
    }
}
