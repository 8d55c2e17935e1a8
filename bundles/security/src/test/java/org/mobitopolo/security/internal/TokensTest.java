package org.mobitopolo.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {
    @Test
    void aTokenIs256RandomBitsInBase64Url() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String t = Tokens.newToken();
            assertEquals(43, t.length(), t);
            assertEquals(32, Base64.getUrlDecoder().decode(t).length);
            assertTrue(Tokens.isWellFormed(t), t);
            assertTrue(seen.add(t), "repeated token");
        }
    }

    @Test
    void theStoredHashIsTheTokensSha256InHex() {
        // FIPS 180-2's test vector
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Tokens.hash("abc"));
        String t = Tokens.newToken();
        assertEquals(Tokens.hash(t), Tokens.hash(t));
        assertNotEquals(Tokens.hash(t), Tokens.hash(Tokens.newToken()));
        assertFalse(Tokens.hash(t).contains(t));
    }

    @Test
    void onlyTokensOfTheRightShapeAreLookedUp() {
        assertFalse(Tokens.isWellFormed(null));
        assertFalse(Tokens.isWellFormed(""));
        assertFalse(Tokens.isWellFormed("a".repeat(42)));
        assertFalse(Tokens.isWellFormed("a".repeat(44)));
        assertFalse(Tokens.isWellFormed("a".repeat(42) + "="));
        assertFalse(Tokens.isWellFormed("a".repeat(42) + "'"));
        assertTrue(Tokens.isWellFormed("-_" + "A".repeat(41)));
    }

    @Test
    void idsAreUniqueAndNotTokens() {
        String id = Tokens.newId();
        assertEquals(24, id.length());
        assertNotEquals(id, Tokens.newId());
        assertFalse(Tokens.isWellFormed(id));
    }
}
