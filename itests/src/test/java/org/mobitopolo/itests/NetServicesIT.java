package org.mobitopolo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Network services with real UML guests (busybox udhcpc, nslookup, ping) and the real dig and
 * nsupdate of BIND's tools on the host's DNS port.
 */
@RunWith(MobitopoloExam.class)
@ExamReactorStrategy(PerClass.class)
public class NetServicesIT extends MobitopoloTestSupport {
    private static final Duration BOOT = Duration.ofSeconds(60);

    @Before
    public void up() {
        awaitStatus("/api/v1/dns", 200, BOOT);
        awaitRestSettled();
    }

    @After
    public void cleanUp() {
        for (JsonNode vm : json(get("/api/v1/vms"))) {
            http("DELETE", "/api/v1/vms/" + vm.get("spec").get("name").asText(), null);
        }
        for (JsonNode n : json(get("/api/v1/networks"))) {
            http("DELETE", "/api/v1/networks/" + n.get("name").asText(), null);
        }
    }

    private void dhcpVm(String name, String network, String mac) {
        HttpResponse<String> r = http("POST", "/api/v1/vms?start=true", "{\"name\": \"" + name + "\", \"hypervisor\": \"uml\", "
                + "\"memoryMb\": 64, \"params\": {\"ip\": \"dhcp\"}, \"nics\": [{\"network\": \"" + network + "\", \"mac\": \"" + mac + "\"}]}");
        assertEquals(r.body(), 201, r.statusCode());
    }

    private void awaitRunning(String vm) {
        await(vm + " running", () -> json(get("/api/v1/vms/" + vm)).get("state").asText().equals("RUNNING"), BOOT);
    }

    private boolean consoleShows(String vm, String text) {
        return get("/api/v1/vms/" + vm + "/console?lines=200").body().contains(text);
    }

    private String leaseOf(String network, String mac) {
        for (JsonNode l : json(get("/api/v1/networks/" + network + "/leases"))) {
            if (l.get("mac").asText().equals(mac) && l.get("active").asBoolean()) {
                return l.get("address").asText();
            }
        }
        return null;
    }

    private int dnsPort() {
        return json(get("/api/v1/dns")).get("hostPort").get("port").asInt();
    }

    /** Runs a host tool and returns what it printed, both streams. */
    private static String run(String input, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (input != null) {
            p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end in 30 s");
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private String dig(String name) throws Exception {
        return run(null, "dig", "@127.0.0.1", "-p", String.valueOf(dnsPort()), "+short", "+tries=1", name).trim();
    }

    @Test
    public void vmsGetAddressesByDhcpAndFindEachOtherByName() throws Exception {
        String created = execute("mobi:net-create --subnet 10.1.0.0/24 --dhcp --dns site-a.mobi site-a");
        assertTrue(created, created.contains("site-a: 10.1.0.0/24 at 10.1.0.1, DHCP, DNS site-a.mobi"));
        dhcpVm("alpha", "site-a", "02:00:00:0a:00:01");
        dhcpVm("beta", "site-a", "02:00:00:0a:00:02");
        awaitRunning("alpha");
        awaitRunning("beta");
        String a = leaseOf("site-a", "02:00:00:0a:00:01");
        String b = leaseOf("site-a", "02:00:00:0a:00:02");
        assertTrue(a + " " + b, a != null && b != null && a.startsWith("10.1.0.") && b.startsWith("10.1.0."));
        assertNotEquals(a, b);
        assertTrue(consoleShows("alpha", "mobi-dhcp: vec0 " + a + "/24"));
        String leases = execute("mobi:net-leases site-a");
        assertTrue(leases, leases.contains(a) && leases.contains("alpha") && leases.contains(b) && leases.contains("beta"));

        // in the guest: the services' address answers ping, its DNS the other VM's name
        execute("mobi:vm-type alpha 'ping -c 2 10.1.0.1 | sed s/packets/gw-packets/g; nslookup beta; ping -c 2 beta | sed s/packets/byname-packets/g'");
        await("ping of the gateway", () -> consoleShows("alpha", "2 gw-packets transmitted, 2 gw-packets received"), Duration.ofSeconds(30));
        await("ping by name", () -> consoleShows("alpha", "2 byname-packets transmitted, 2 byname-packets received"), Duration.ofSeconds(30));
        assertTrue(consoleShows("alpha", "beta.site-a.mobi") && consoleShows("alpha", "Address: " + b)); // nslookup's answer

        // on the host: dig on the DNS port
        assertEquals(b, dig("beta.site-a.mobi"));
        String records = execute("mobi:dns-records site-a.mobi");
        assertTrue(records, records.contains("alpha.site-a.mobi") && records.contains("lease"));

        // the same MAC gets the same address when its VM starts again
        assertEquals(200, http("POST", "/api/v1/vms/beta/stop?wait=true", null).statusCode());
        assertEquals(200, http("POST", "/api/v1/vms/beta/start?wait=true", null).statusCode());
        await("beta's lease again", () -> b.equals(leaseOf("site-a", "02:00:00:0a:00:02")), Duration.ofSeconds(30));

        JsonNode services = json(get("/api/v1/networks/site-a/services"));
        assertTrue(services.toString(), services.get("counters").get("dhcp-acks").asLong() >= 3
                && services.get("counters").get("echo-replies").asLong() >= 2);
    }

    @Test
    public void signedDynamicUpdatesChangeTheZoneAndWrongKeysAreRefused() throws Exception {
        HttpResponse<String> net = http("POST", "/api/v1/networks", "{\"name\": \"site-b\", \"subnet\": \"10.2.0.0/24\", \"dns\": \"site-b.mobi\"}");
        assertEquals(net.body(), 201, net.statusCode());
        assertEquals(200, http("PUT", "/api/v1/dns/zones/site-b.mobi/records/db", "{\"address\": \"10.2.0.20\"}").statusCode());
        assertEquals("10.2.0.20", dig("db.site-b.mobi"));

        JsonNode key = json(get("/api/v1/dns/zones/site-b.mobi/key"));
        String update = "server 127.0.0.1 " + dnsPort() + "\nzone site-b.mobi\nupdate delete server.site-b.mobi A\n"
                + "update add server.site-b.mobi 5 A 10.2.0.7\nsend\n";
        String good = run(update, "nsupdate", "-y", "hmac-sha256:" + key.get("name").asText() + ":" + key.get("secret").asText());
        assertEquals(good, "", good.trim());
        assertEquals("10.2.0.7", dig("server.site-b.mobi"));

        String wrongSecret = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        String bad = run(update.replace("10.2.0.7", "10.2.0.66"), "nsupdate", "-y", "hmac-sha256:site-b.mobi.:" + wrongSecret);
        assertTrue(bad, bad.contains("NOTAUTH") || bad.contains("BADSIG") || bad.contains("tsig"));
        assertEquals("10.2.0.7", dig("server.site-b.mobi"));
        List<String> sources = new ArrayList<>();
        json(get("/api/v1/dns/zones/site-b.mobi/records")).forEach(r -> sources.add(r.get("name").asText() + "=" + r.get("source").asText()));
        assertTrue(sources.toString(), sources.contains("server.site-b.mobi=update") && sources.contains("db.site-b.mobi=static"));
        assertEquals("REFUSED", run(null, "dig", "@127.0.0.1", "-p", String.valueOf(dnsPort()), "+tries=1", "example.com")
                .replaceAll("(?s).*status: ([A-Z]+).*", "$1"));
    }

    @Test
    public void badServiceSettingsAreRefusedAndLeaveNoNetwork() {
        HttpResponse<String> r = http("POST", "/api/v1/networks", "{\"name\": \"bad1\", \"subnet\": \"10.3.0.0/33\", \"dhcp\": true}");
        assertEquals(r.body(), 400, r.statusCode());
        assertTrue(r.body(), r.body().contains("/16 to /30"));
        assertEquals(404, get("/api/v1/networks/bad1/ports").statusCode());
        HttpResponse<String> gw = http("POST", "/api/v1/networks", "{\"name\": \"bad2\", \"subnet\": \"10.3.0.0/24\", \"gateway\": \"10.4.0.1\"}");
        assertEquals(gw.body(), 400, gw.statusCode());
        String console = execute("mobi:net-create --dhcp bad3");
        assertTrue(console, console.contains("need --subnet"));
        assertEquals(0, json(get("/api/v1/networks")).size());
    }
}
