/**
 * Facts about the host Mobitopolo runs on: default route, interfaces, resources, usable hypervisors.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package org.mobitopolo.api.host;
