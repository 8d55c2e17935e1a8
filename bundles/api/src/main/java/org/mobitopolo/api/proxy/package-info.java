/**
 * Web proxy: the {@link org.mobitopolo.api.proxy.WebProxy} SPI, an HTTP/HTTPS forward proxy with access
 * control, users and an optional cache. 1.1: users, limits, CONNECT ports, a disk cache, more counters.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.mobitopolo.api.proxy;
