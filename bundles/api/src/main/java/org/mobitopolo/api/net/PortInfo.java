package org.mobitopolo.api.net;

import java.util.Map;

/**
 * A switch port and what went through it.
 *
 * @param binding the port and its UDP endpoints
 * @param owner who the port serves, e.g. the VM's name
 * @param rxFrames frames received from the VM
 * @param rxBytes bytes of those frames
 * @param txFrames frames sent to the VM
 * @param txBytes bytes of those frames
 * @param drops datagrams dropped, by reason (e.g. {@code runt}, {@code bad-header}, {@code wrong-session},
 *     {@code foreign-source}, {@code oversize})
 */
public record PortInfo(PortBinding binding, String owner, long rxFrames, long rxBytes, long txFrames, long txBytes,
        Map<String, Long> drops) {
    public PortInfo {
        drops = Map.copyOf(drops);
    }
}
