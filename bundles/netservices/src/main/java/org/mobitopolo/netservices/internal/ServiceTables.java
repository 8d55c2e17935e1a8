package org.mobitopolo.netservices.internal;

import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.mobitopolo.api.netservices.DnsRecord;
import org.mobitopolo.api.store.Sql;

/** The module's tables in the platform's store (schema {@code netservices}). */
final class ServiceTables {
    /** A network's services as kept. */
    record Network(String network, String subnet, String address, String router, boolean dhcp, String zone, String tsigSecret) {}

    /** A MAC's address on a network; its lease runs until {@code expiresMillis}. */
    record Binding(String network, String mac, int address, String hostname, long expiresMillis) {}

    private final Sql sql;

    ServiceTables(DataSource dataSource) {
        this.sql = new Sql(dataSource);
    }

    List<Network> networks() {
        return sql.query("read the networks' services", rs -> new Network(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getBoolean(5), rs.getString(6), rs.getString(7)),
                "SELECT network, subnet, address, router, dhcp, zone, tsig_secret FROM netservices.networks ORDER BY network");
    }

    Optional<Network> network(String name) {
        return networks().stream().filter(n -> n.network().equals(name)).findFirst();
    }

    void put(Network n) {
        sql.update("forget a network's services", "DELETE FROM netservices.networks WHERE network = ?", n.network());
        sql.update("keep a network's services", "INSERT INTO netservices.networks (network, subnet, address, router, dhcp, zone, "
                + "tsig_secret) VALUES (?, ?, ?, ?, ?, ?, ?)", n.network(), n.subnet(), n.address(), n.router(), n.dhcp(), n.zone(),
                n.tsigSecret());
    }

    boolean remove(String network, String zone) {
        sql.update("forget a network's leases", "DELETE FROM netservices.leases WHERE network = ?", network);
        if (zone != null) {
            sql.update("forget a zone's records", "DELETE FROM netservices.records WHERE zone = ?", zone);
        }
        return sql.update("forget a network's services", "DELETE FROM netservices.networks WHERE network = ?", network) > 0;
    }

    List<Binding> bindings(String network) {
        return sql.query("read a network's leases", rs -> new Binding(rs.getString(1), rs.getString(2), Subnet.address(rs.getString(3)),
                rs.getString(4), rs.getLong(5)),
                "SELECT network, mac, address, hostname, expires_at FROM netservices.leases WHERE network = ?", network);
    }

    /** Keeps a MAC's binding; {@code evicted} is the MAC whose old binding of the same address goes, or null. */
    void bind(Binding b, String evicted) {
        if (evicted != null) {
            sql.update("free an expired lease's address", "DELETE FROM netservices.leases WHERE network = ? AND mac = ?", b.network(),
                    evicted);
        }
        sql.update("replace a lease", "DELETE FROM netservices.leases WHERE network = ? AND mac = ?", b.network(), b.mac());
        sql.update("keep a lease", "INSERT INTO netservices.leases (network, mac, address, hostname, expires_at) VALUES (?, ?, ?, ?, ?)",
                b.network(), b.mac(), Subnet.text(b.address()), b.hostname(), b.expiresMillis());
    }

    List<DnsRecord> records(String zone, int ttl) {
        return sql.query("read a zone's records", rs -> new DnsRecord(rs.getString(1), "A", rs.getString(2), ttl, rs.getString(3)),
                "SELECT name, address, source FROM netservices.records WHERE zone = ? ORDER BY name", zone);
    }

    void putRecord(String zone, String name, String address, String source) {
        sql.update("replace a record", "DELETE FROM netservices.records WHERE zone = ? AND name = ?", zone, name);
        sql.update("keep a record", "INSERT INTO netservices.records (zone, name, address, source) VALUES (?, ?, ?, ?)", zone, name,
                address, source);
    }

    boolean deleteRecord(String zone, String name) {
        return sql.update("delete a record", "DELETE FROM netservices.records WHERE zone = ? AND name = ?", zone, name) > 0;
    }
}
