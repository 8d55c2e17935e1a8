/**
 * The image library: the image directories every VM's user image comes from, and how images get
 * there over the platform (upload, delete) as well as with the host's own tools.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.mobitopolo.api.image;
