package org.mobitopolo.api.platform;

import java.util.List;

/**
 * An SPI of the platform and its active implementations.
 *
 * @param spi the SPI's interface simple name, e.g. {@code Hypervisor}
 * @param type the SPI's fully qualified interface name
 * @param implementations its active implementations, ordered by name; empty when none is active
 */
public record SpiInfo(String spi, String type, List<PluginInfo> implementations) {
    public SpiInfo {
        implementations = List.copyOf(implementations);
    }
}
