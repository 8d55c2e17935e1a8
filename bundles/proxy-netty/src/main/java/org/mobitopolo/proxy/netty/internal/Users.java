package org.mobitopolo.proxy.netty.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The proxy's users, each kept as a salted PBKDF2 hash (never the password), in memory and in a file
 * readable by the owner only. Checking a password is deliberately slow, so a credential that checked out
 * is remembered by its SHA-256 (not its text) and later requests on it cost one digest.
 */
final class Users {
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int ITERATIONS = 120_000;
    private static final int REMEMBERED = 4096;

    private final Path file;
    private final Map<String, String> hashes = new TreeMap<>();
    private final Map<String, String> verified = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** Users stored in {@code file} (created on the first change), or in memory only when it is null. */
    Users(Path file) {
        this.file = file;
        if (file != null && Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file)) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        hashes.put(line.substring(0, colon), line.substring(colon + 1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the proxy users from " + file, e);
            }
        }
    }

    synchronized void put(String name, char[] password) {
        if (name == null || name.isEmpty() || name.contains(":") || !name.strip().equals(name) || name.contains(" ")) {
            throw new IllegalArgumentException("a user name must be non-empty, without ':' or blanks, got \"" + name + "\"");
        }
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("the password of " + name + " must not be empty");
        }
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        hashes.put(name, "pbkdf2-sha256:" + ITERATIONS + ":" + b64(salt) + ":" + b64(derive(password, salt, ITERATIONS)));
        verified.clear();
        save();
    }

    synchronized boolean remove(String name) {
        boolean existed = hashes.remove(name) != null;
        verified.clear();
        if (existed) {
            save();
        }
        return existed;
    }

    synchronized List<String> names() {
        return new ArrayList<>(hashes.keySet());
    }

    synchronized boolean isEmpty() {
        return hashes.isEmpty();
    }

    /** The user whose credentials (the base64 of a Basic header) checked out before, or null: cheap. */
    String remembered(String basicCredentials) {
        return verified.get(digest(basicCredentials));
    }

    /** The user these Basic credentials belong to, or null for unknown or wrong ones: slow, off the event loop. */
    String verify(String basicCredentials) {
        String text;
        try {
            text = new String(Base64.getDecoder().decode(basicCredentials.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String name = text.substring(0, colon);
        String stored;
        synchronized (this) {
            stored = hashes.get(name);
        }
        if (stored == null || !matches(stored, text.substring(colon + 1).toCharArray())) {
            return null;
        }
        if (verified.size() >= REMEMBERED) {
            verified.clear();
        }
        verified.put(digest(basicCredentials), name);
        return name;
    }

    /** The user named in Basic credentials, for the access log; never the password. */
    static String claimedName(String basicCredentials) {
        try {
            String text = new String(Base64.getDecoder().decode(basicCredentials.strip()), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            return colon > 0 ? text.substring(0, colon) : "?";
        } catch (IllegalArgumentException notBase64) {
            return "?";
        }
    }

    private static boolean matches(String stored, char[] password) {
        String[] f = stored.split(":");
        if (f.length != 4 || !f[0].equals("pbkdf2-sha256")) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(f[3]);
        byte[] actual = derive(password, Base64.getDecoder().decode(f[2]), Integer.parseInt(f[1]));
        Arrays.fill(password, '\0');
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        KeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
        }
    }

    private static String digest(String text) {
        try {
            return b64(MessageDigest.getInstance("SHA-256").digest(text.strip().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    private void save() {
        if (file == null) {
            return;
        }
        StringBuilder text = new StringBuilder();
        hashes.forEach((name, hash) -> text.append(name).append(':').append(hash).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the proxy users in " + file, e);
        }
    }
}
