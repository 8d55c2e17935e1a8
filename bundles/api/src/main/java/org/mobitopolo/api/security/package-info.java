/**
 * Who may use the platform and what they did: sessions opened by logging in against Karaf's JAAS
 * realm {@code karaf}, kept in the platform's store so that every runtime sharing it accepts them;
 * the platform's roles ({@link org.mobitopolo.api.security.Role}); the credentials hosts present to
 * each other ({@link org.mobitopolo.api.security.PeerCredentials}); the audit trail of every
 * state-changing call ({@link org.mobitopolo.api.security.AuditTrail}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.mobitopolo.api.security;
