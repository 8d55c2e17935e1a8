/**
 * Web proxy: the {@link org.mobitopolo.api.proxy.WebProxy} SPI.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.mobitopolo.api.proxy;
