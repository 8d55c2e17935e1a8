/**
 * Platform services: the plugin catalog, the one exception type every plugin throws, and calls to other hosts
 * bounded as a whole.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.mobitopolo.api.platform;
