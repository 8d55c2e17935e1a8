package org.mobitopolo.api.topology;

import static java.util.Objects.requireNonNull;

import org.mobitopolo.api.net.LinkShape;

/**
 * The impairment of the link between two hosts: applied to the VXLAN tunnel each way, so that a
 * delay of 100 ms adds 200 ms to a round trip between VMs on the two hosts.
 *
 * @param a one host, the first of the two in name order
 * @param b the other host
 * @param impairment what each host's switch does to the frames it sends into the tunnel to the other
 */
public record HostLink(String a, String b, LinkShape impairment) {
    /** Checks that no part is missing and orders the hosts by name. */
    public HostLink {
        requireNonNull(a, "a");
        requireNonNull(b, "b");
        requireNonNull(impairment, "impairment");
        if (a.compareTo(b) > 0) {
            String t = a;
            a = b;
            b = t;
        }
    }

    /** Whether this link joins these two hosts, in either order. */
    public boolean joins(String x, String y) {
        return a.equals(x) && b.equals(y) || a.equals(y) && b.equals(x);
    }
}
