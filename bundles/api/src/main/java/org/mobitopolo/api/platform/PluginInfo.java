package org.mobitopolo.api.platform;

/**
 * One active implementation of an SPI.
 *
 * @param name the plugin's name from its {@value PluginCatalog#PLUGIN_NAME} service property,
 *     or its bundle's symbolic name when it sets none
 * @param bundle the symbolic name of the bundle that registered it
 * @param version that bundle's version
 * @param bundleId that bundle's id in the running framework
 */
public record PluginInfo(String name, String bundle, String version, long bundleId) {}
