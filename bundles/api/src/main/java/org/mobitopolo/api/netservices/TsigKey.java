package org.mobitopolo.api.netservices;

/**
 * The TSIG key (RFC 8945) that signs dynamic updates of a zone.
 *
 * @param name the key's name, e.g. {@code site-a.mobi.}
 * @param algorithm {@code hmac-sha256}
 * @param secret the shared secret, base64
 */
public record TsigKey(String name, String algorithm, String secret) {
    /** Never the secret. */
    @Override
    public String toString() {
        return "TsigKey[" + name + ", " + algorithm + "]";
    }
}
