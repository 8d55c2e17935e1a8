package org.mobitopolo.rebind.dns.internal;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real BIND 9 (Debian's {@code named}) serving one zone on a loopback port, updatable with one TSIG
 * key, as an unprivileged user ({@code nobody} when the tests run as root).
 */
final class Bind implements AutoCloseable {
    final int port;
    final String zone;
    final String secret;
    private final Process process;
    private final Path dir;

    Bind(Path dir, String zone, String secret) throws IOException, InterruptedException {
        this.dir = dir;
        this.zone = zone;
        this.secret = secret;
        this.port = freePort();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(dir.resolve(zone + ".zone"), String.join("\n",
                "$TTL 5",
                "@ IN SOA ns." + zone + ". hostmaster." + zone + ". 1 60 30 3600 5",
                "@ IN NS ns." + zone + ".",
                "ns IN A 127.0.0.1",
                "server IN A 10.1.0.5", ""));
        Files.writeString(dir.resolve("named.conf"), String.join("\n",
                "options {",
                "  directory \"" + dir + "\";",
                "  pid-file \"" + dir + "/named.pid\";",
                "  session-keyfile \"" + dir + "/session.key\";",
                "  managed-keys-directory \"" + dir + "\";",
                "  listen-on port " + port + " { 127.0.0.1; };",
                "  listen-on-v6 { none; };",
                "  recursion no;",
                "  dnssec-validation no;",
                "};",
                "key \"" + zone + ".\" { algorithm hmac-sha256; secret \"" + secret + "\"; };",
                "zone \"" + zone + "\" { type primary; file \"" + dir + "/" + zone + ".zone\"; allow-update { key \"" + zone + ".\"; }; };",
                ""));
        for (Path p : List.of(dir.resolve(zone + ".zone"), dir.resolve("named.conf"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-rw-rw-"));
        }
        List<String> command = new ArrayList<>(List.of("/usr/sbin/named", "-g", "-c", dir.resolve("named.conf").toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "nobody"));
        }
        this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("named.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (lookup("ns." + zone) == null) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("named did not start: " + Files.readString(dir.resolve("named.log"), StandardCharsets.UTF_8));
            }
            Thread.sleep(100);
        }
    }

    /** The A record of a name, or null. */
    String lookup(String name) {
        try {
            SimpleResolver r = new SimpleResolver(InetAddress.getLoopbackAddress());
            r.setPort(port);
            r.setTimeout(Duration.ofMillis(500));
            Message answer = r.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, DClass.IN)));
            if (answer.getRcode() != Rcode.NOERROR || answer.getSection(Section.ANSWER).isEmpty()) {
                return null;
            }
            return answer.getSection(Section.ANSWER).get(0).rdataToString();
        } catch (IOException e) {
            return null;
        }
    }

    private static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort(); // named takes the same port for TCP; a clash there fails the start, clearly
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
