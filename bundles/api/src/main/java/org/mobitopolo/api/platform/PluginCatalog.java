package org.mobitopolo.api.platform;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the platform is made of right now: the active implementation of each SPI, and the
 * Mobitopolo features that can be swapped while the runtime runs.
 */
@ProviderType
public interface PluginCatalog {
    /** Service property every plugin sets to name itself, e.g. {@code uml} or {@code linux}. */
    String PLUGIN_NAME = "mobitopolo.plugin";

    /** Every SPI the platform knows, in a stable order, each with its active implementations. */
    List<SpiInfo> spis();

    /** Every Mobitopolo feature known to the runtime, installed or not, ordered by name. */
    List<FeatureInfo> features();

    /**
     * Installs or uninstalls a Mobitopolo feature and returns its new state.
     *
     * @throws PlatformException {@code NOT_FOUND} for an unknown feature, {@code CONFLICT} when
     *     asked to remove a core feature, {@code FAILED} when Karaf cannot do it
     */
    FeatureInfo setInstalled(String feature, boolean installed);
}
