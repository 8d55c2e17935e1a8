package org.mobitopolo.api.net;

import java.util.Map;

/**
 * A VXLAN tunnel to another host's switch; it carries every network, each under its VNI.
 *
 * @param id the switch's id for the tunnel
 * @param remote the other switch's VXLAN endpoint
 * @param shape how the frames sent into it are shaped, {@link LinkShape#NONE} when they are not
 * @param txFrames frames sent into the tunnel
 * @param txBytes bytes of those frames
 * @param rxFrames frames that came out of it
 * @param rxBytes bytes of those frames
 * @param drops frames dropped, by reason (e.g. {@code oversize}: too big for the tunnel's MTU)
 */
public record TunnelInfo(String id, Endpoint remote, LinkShape shape, long txFrames, long txBytes, long rxFrames, long rxBytes,
        Map<String, Long> drops) {
    public TunnelInfo {
        drops = Map.copyOf(drops);
    }
}
