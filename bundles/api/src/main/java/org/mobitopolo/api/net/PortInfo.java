package org.mobitopolo.api.net;

import java.util.Map;

/**
 * A switch port and what went through it.
 *
 * @param binding the port and its UDP endpoints
 * @param owner who the port serves, e.g. the VM's name
 * @param shape how frames sent to the port are shaped
 * @param rxFrames frames received from the VM
 * @param rxBytes bytes of those frames
 * @param txFrames frames sent to the VM
 * @param txBytes bytes of those frames
 * @param drops datagrams dropped, by reason (e.g. {@code runt}, {@code bad-header}, {@code wrong-session},
 *     {@code foreign-source}, {@code oversize}, {@code shaped-loss}, {@code shaped-queue-full})
 */
public record PortInfo(PortBinding binding, String owner, LinkShape shape, long rxFrames, long rxBytes, long txFrames, long txBytes,
        Map<String, Long> drops) {
    public PortInfo {
        drops = Map.copyOf(drops);
    }
}
