/**
 * The image library: the image directories every VM's user image comes from, and how images get
 * there over the platform (upload, delete, built from Debian packages by {@link org.mobitopolo.api.image.ImageBuilder})
 * as well as with the host's own tools.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.mobitopolo.api.image;
