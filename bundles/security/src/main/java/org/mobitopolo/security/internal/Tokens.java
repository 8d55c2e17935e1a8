package org.mobitopolo.security.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Tokens and what is derived from them. A token is 256 bits from {@link SecureRandom}, base64url
 * without padding (43 characters); the store keeps only its SHA-256, so a copy of the database opens
 * no session.
 */
final class Tokens {
    private static final int TOKEN_BYTES = 32;
    private static final int ID_BYTES = 12;
    private static final int TOKEN_CHARS = 43; // 32 bytes in base64url without padding
    /** One digest per thread: looking one up costs as much as the hash of a token. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    });
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {}

    static String newToken() {
        return random(TOKEN_BYTES);
    }

    /** A session's public id: not secret, only unique (96 random bits, hex). */
    static String newId() {
        byte[] bytes = new byte[ID_BYTES];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Whether a string can be a token at all (43 characters of base64url); anything else is refused
     * without asking the store. Every authenticated request asks, hence no regular expression.
     */
    static boolean isWellFormed(String token) {
        if (token == null || token.length() != TOKEN_CHARS) {
            return false;
        }
        for (int i = 0; i < TOKEN_CHARS; i++) {
            char c = token.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** The hex SHA-256 of a token: what the store keeps and looks sessions up by. */
    static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token.getBytes(StandardCharsets.US_ASCII)));
    }

    /** A random password for the first administrator: 128 bits, base64url. */
    static String newPassword() {
        return random(16);
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return BASE64URL.encodeToString(b);
    }

    private static byte[] sha256(byte[] data) {
        return SHA256.get().digest(data); // digest() resets it for the next use
    }
}
