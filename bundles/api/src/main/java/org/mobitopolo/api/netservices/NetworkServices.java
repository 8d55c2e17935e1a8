package org.mobitopolo.api.netservices;

import java.util.List;
import java.util.Optional;
import org.mobitopolo.api.net.Endpoint;
import org.osgi.annotation.versioning.ProviderType;

/**
 * DHCP, DNS and an address of its own for virtual networks, opt-in per network. What must outlive a
 * restart (each network's services, the leases, the records) is kept in the platform's store.
 */
@ProviderType
public interface NetworkServices {
    /**
     * Starts, or changes, a network's services.
     *
     * @throws org.mobitopolo.api.platform.PlatformException {@code NOT_FOUND} for an unknown network,
     *     {@code BAD_REQUEST} for a subnet, gateway or zone that is not valid, {@code CONFLICT} for a
     *     zone another network serves
     */
    ServiceInfo configure(String network, ServiceSpec spec);

    /** Stops a network's services and forgets its leases and records; false when it had none. */
    boolean remove(String network);

    /** A network's services, if it has any. */
    Optional<ServiceInfo> services(String network);

    /** Every network's services, ordered by network. */
    List<ServiceInfo> list();

    /** A network's leases, active and past, ordered by address; {@code NOT_FOUND} without DHCP there. */
    List<Lease> leases(String network);

    /** A zone's address records, ordered by name; {@code NOT_FOUND} for a zone no network serves. */
    List<DnsRecord> records(String zone);

    /** Adds or replaces a static address record in a zone; {@code name} is relative to it or fully qualified. */
    DnsRecord putRecord(String zone, String name, String address);

    /** Removes a zone's static or updated record; false when it had none of that name. */
    boolean deleteRecord(String zone, String name);

    /** The key that signs dynamic updates of a zone; {@code NOT_FOUND} for a zone no network serves. */
    TsigKey updateKey(String zone);

    /** Where the host's DNS port answers for every zone (UDP and TCP), if it is open. */
    Optional<Endpoint> dnsEndpoint();
}
