/**
 * Network services: what a virtual network offers its VMs besides forwarding frames, as libvirt's
 * dnsmasq per network does: an address of its own (answering ARP and ping), DHCP from the network's
 * subnet and an authoritative DNS zone of the VMs' names.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.mobitopolo.api.netservices;
