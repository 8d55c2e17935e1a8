package org.mobitopolo.rebind.dns.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Sends one RFC 2136 update (a name's A record replaced) to an authoritative server, signed with
 * the zone's TSIG key, and says how it went: the answer's rcode, and whether the answer's own
 * signature verified (an answer a server signed with another key is not believed).
 */
final class DnsUpdater {
    /** Where and with which key a zone is updated. */
    record Target(String host, int port, String zone, String keyName, String algorithm, String secret) {
        @Override
        public String toString() {
            return zone + " at " + host + ":" + port; // never the secret
        }
    }

    /** How an update went; {@code ok} only for NOERROR with a verified signed answer. */
    record Outcome(Target target, boolean ok, String detail) {
        @Override
        public String toString() {
            return target + ": " + detail;
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private DnsUpdater() {}

    /** Sets {@code name} (relative to the zone or fully qualified) to {@code address} with {@code ttl}. */
    static Outcome replace(Target t, String name, String address, int ttl) {
        try {
            Name zone = Name.fromString(t.zone().endsWith(".") ? t.zone() : t.zone() + ".");
            Name owner = name.endsWith(".") ? Name.fromString(name) : Name.fromString(name, zone);
            if (!owner.subdomain(zone)) {
                return new Outcome(t, false, owner + " is outside the zone: nothing sent");
            }
            Update update = new Update(zone);
            update.replace(owner, Type.A, ttl, address);
            SimpleResolver resolver = new SimpleResolver(InetAddress.getByName(t.host()));
            resolver.setPort(t.port());
            resolver.setTimeout(TIMEOUT);
            resolver.setTCP(true); // an update must not be lost to UDP, nor sent twice on a retry
            resolver.setTSIGKey(new TSIG(TSIG.algorithmToName(t.algorithm()), Name.fromString(t.keyName()), t.secret()));
            Message answer = resolver.send(update);
            String rcode = Rcode.string(answer.getRcode());
            if (answer.getRcode() != Rcode.NOERROR) {
                String tsigError = answer.getTSIG() == null ? "" : ", TSIG " + Rcode.TSIGstring(answer.getTSIG().getError());
                return new Outcome(t, false, rcode + tsigError + ": " + owner + " not changed");
            }
            if (!answer.isSigned() || !answer.isVerified()) {
                return new Outcome(t, false, rcode + " but the answer's signature did not verify: not believed");
            }
            return new Outcome(t, true, "NOERROR, " + owner + " A " + address + " (signed answer verified)");
        } catch (TextParseException | UnknownHostException e) {
            return new Outcome(t, false, "bad name or server: " + e.getMessage());
        } catch (IOException e) {
            return new Outcome(t, false, "no answer: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return new Outcome(t, false, "bad key: " + e.getMessage()); // an unknown algorithm, a secret that is not base64
        }
    }
}
