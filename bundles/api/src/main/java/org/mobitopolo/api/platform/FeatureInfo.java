package org.mobitopolo.api.platform;

/**
 * A Mobitopolo Karaf feature: one family of bundles that can be installed or removed at runtime.
 *
 * @param name the feature name, e.g. {@code mobitopolo-host}
 * @param version the feature version
 * @param description what the feature provides
 * @param installed whether it is installed now
 * @param core whether the platform needs it to stay manageable (such features cannot be removed
 *     through the catalog)
 */
public record FeatureInfo(String name, String version, String description, boolean installed, boolean core) {}
