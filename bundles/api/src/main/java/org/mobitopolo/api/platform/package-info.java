/**
 * Platform services: the plugin catalog, and the one exception type every plugin throws.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.mobitopolo.api.platform;
