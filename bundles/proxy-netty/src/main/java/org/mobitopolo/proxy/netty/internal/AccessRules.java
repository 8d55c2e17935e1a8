package org.mobitopolo.proxy.netty.internal;

import java.net.InetAddress;
import java.util.List;

/** tinyproxy's {@code Allow}/{@code Deny}: a denied network always loses; with no allow list, everyone else is in. */
record AccessRules(List<Cidr> allow, List<Cidr> deny) {
    static AccessRules of(List<String> allow, List<String> deny) {
        return new AccessRules(allow.stream().map(Cidr::parse).toList(), deny.stream().map(Cidr::parse).toList());
    }

    boolean permits(InetAddress client) {
        if (deny.stream().anyMatch(c -> c.contains(client))) {
            return false;
        }
        return allow.isEmpty() || allow.stream().anyMatch(c -> c.contains(client));
    }
}
