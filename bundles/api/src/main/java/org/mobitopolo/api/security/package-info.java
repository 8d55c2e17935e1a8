/**
 * Who may use the platform: sessions opened by logging in against Karaf's JAAS realm {@code karaf},
 * kept in the platform's store so that every runtime sharing it accepts them, and the platform's
 * three roles ({@link org.mobitopolo.api.security.Role}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.mobitopolo.api.security;
