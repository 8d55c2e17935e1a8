package org.mobitopolo.api.netservices;

/**
 * An address record of a zone.
 *
 * @param name the record's fully qualified name, without the trailing dot
 * @param type {@code A}
 * @param address the address it resolves to
 * @param ttl its time to live, in seconds
 * @param source where it comes from: {@code lease} (DHCP), {@code static} (given by a person) or
 *     {@code update} (an RFC 2136 update)
 */
public record DnsRecord(String name, String type, String address, int ttl, String source) {}
