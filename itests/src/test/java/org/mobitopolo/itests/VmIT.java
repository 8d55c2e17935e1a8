package org.mobitopolo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** Real UML VMs driven through the distribution's REST endpoint and console, as a user would. */
@RunWith(MobitopoloExam.class)
@ExamReactorStrategy(PerClass.class)
public class VmIT extends MobitopoloTestSupport {
    private static final Duration BOOT = Duration.ofSeconds(60);

    @Before
    public void vmsResourceIsUp() {
        awaitStatus("/api/v1/vms", 200, BOOT);
        awaitRestSettled();
    }

    @After
    public void destroyVms() {
        for (JsonNode vm : json(get("/api/v1/vms"))) {
            http("DELETE", "/api/v1/vms/" + vm.get("spec").get("name").asText(), null);
        }
        for (JsonNode snap : json(get("/api/v1/snapshots"))) {
            http("DELETE", "/api/v1/snapshots/" + snap.get("name").asText(), null);
        }
    }

    private String state(String vm) {
        return json(get("/api/v1/vms/" + vm)).get("state").asText();
    }

    /** Runs {@code argv} (a JSON array) in the VM's guest by its agent; the answer must be 200. */
    private JsonNode exec(String vm, String argv, int timeoutSeconds) {
        HttpResponse<String> r = http("POST", "/api/v1/vms/" + vm + "/exec", "{\"argv\": " + argv + ", \"timeoutSeconds\": "
                + timeoutSeconds + "}");
        assertEquals(r.body(), 200, r.statusCode());
        return json(r);
    }

    private boolean consoleShows(String vm, String text) {
        return get("/api/v1/vms/" + vm + "/console?lines=200").body().contains(text);
    }

    @Test
    public void aVmCreatedOverRestBootsAndAnswersOnItsConsole() {
        HttpResponse<String> created = http("POST", "/api/v1/vms?start=true",
                "{\"name\": \"web1\", \"hypervisor\": \"uml\", \"memoryMb\": 64, \"params\": {\"heartbeat\": \"1\"}}");
        assertEquals(created.body(), 201, created.statusCode());
        assertEquals("STARTING", json(created).get("state").asText());
        await("web1 running", () -> state("web1").equals("RUNNING"), BOOT);

        JsonNode vm = json(get("/api/v1/vms/web1"));
        assertTrue(vm.get("pid").asLong() > 0);
        assertTrue(vm.get("rssBytes").asLong() > 0);

        assertEquals(204, http("POST", "/api/v1/vms/web1/console", "{\"line\": \"echo answer-$((40 + 2))\"}").statusCode());
        await("the guest's answer", () -> consoleShows("web1", "answer-42"), Duration.ofSeconds(20));

        assertEquals("FROZEN", json(http("POST", "/api/v1/vms/web1/freeze", null)).get("state").asText());
        assertEquals("RUNNING", json(http("POST", "/api/v1/vms/web1/resume", null)).get("state").asText());

        HttpResponse<String> stopped = http("POST", "/api/v1/vms/web1/stop?wait=true", null);
        assertEquals(stopped.body(), 200, stopped.statusCode());
        assertEquals("STOPPED", json(stopped).get("state").asText());
        assertEquals(204, http("DELETE", "/api/v1/vms/web1", null).statusCode());
        assertEquals(404, get("/api/v1/vms/web1").statusCode());
    }

    @Test
    public void theConsoleSnapshotsAndClonesARunningVm() {
        String created = execute("mobi:vm-create --start orig");
        assertTrue(created, created.contains("orig: ready in"));
        // single quotes: the Karaf shell itself expands $ inside double quotes
        execute("mobi:vm-type orig 'echo kept-$((6 * 7)) > /root/proof; echo written-$((1 + 1))'");
        await("the write", () -> consoleShows("orig", "written-2"), Duration.ofSeconds(20));

        String snap = execute("mobi:vm-snapshot orig golden");
        assertTrue(snap, snap.contains("golden: snapshot of orig"));
        assertEquals("RUNNING", state("orig"));
        assertTrue(execute("mobi:snapshot-list").contains("golden"));

        String clone = execute("mobi:vm-clone --start golden copy1");
        assertTrue(clone, clone.contains("copy1: ready in"));
        execute("mobi:vm-type copy1 'cat /root/proof'");
        await("the clone's copy of the file", () -> consoleShows("copy1", "kept-42"), Duration.ofSeconds(20));

        String list = execute("mobi:vm-list");
        assertTrue(list, list.contains("orig") && list.contains("copy1") && list.contains("snapshot:golden"));
        assertTrue(execute("mobi:vm-log -n 5 copy1").contains("kept-42"));
        assertTrue(execute("mobi:vm-destroy copy1").contains("copy1: destroyed"));
    }

    @Test
    public void removingTheUmlPluginHaltsItsVmsAndReinstallingFindsThemAgain() {
        http("POST", "/api/v1/vms?start=true", "{\"name\": \"swap1\", \"hypervisor\": \"uml\", \"memoryMb\": 64}");
        await("swap1 running", () -> state("swap1").equals("RUNNING"), BOOT);
        long pid = json(get("/api/v1/vms/swap1")).get("pid").asLong();

        HttpResponse<String> removed = http("PUT", "/api/v1/features/mobitopolo-hypervisor-uml", "{\"installed\": false}");
        assertEquals(removed.body(), 200, removed.statusCode());
        assertTrue("the VM's process is gone with the plugin", ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        assertEquals(0, json(get("/api/v1/vms")).size());
        HttpResponse<String> noUml = http("POST", "/api/v1/vms", "{\"name\": \"x\", \"hypervisor\": \"uml\", \"memoryMb\": 64}");
        assertEquals(noUml.body(), 503, noUml.statusCode());

        assertEquals(200, http("PUT", "/api/v1/features/mobitopolo-hypervisor-uml", "{\"installed\": true}").statusCode());
        awaitStatus("/api/v1/vms/swap1", 200, BOOT);
        assertEquals("STOPPED", state("swap1"));
        assertEquals(200, http("POST", "/api/v1/vms/swap1/start?wait=true", null).statusCode());
        assertEquals("RUNNING", state("swap1"));
    }

    @Test
    public void twoUmlVmsOnAVirtualNetworkPingEachOtherThroughTheSwitch() {
        HttpResponse<String> net = http("POST", "/api/v1/networks", "{\"name\": \"lan1\"}");
        assertEquals(net.body(), 201, net.statusCode());
        assertEquals(409, http("POST", "/api/v1/networks", "{\"name\": \"lan1\"}").statusCode());
        String created = execute("mobi:vm-create --start -p ip=10.1.0.1/24 -n 02:00:00:01:00:01@lan1 sw-a");
        assertTrue(created, created.contains("sw-a: ready in"));
        HttpResponse<String> b = http("POST", "/api/v1/vms?start=true", "{\"name\": \"sw-b\", "
                + "\"hypervisor\": \"uml\", \"memoryMb\": 64, \"params\": {\"ip\": \"10.1.0.2/24\", \"http\": \"80\"}, "
                + "\"nics\": [{\"network\": \"lan1\", \"mac\": \"02:00:00:01:00:02\"}]}");
        assertEquals(b.body(), 201, b.statusCode());
        await("sw-b running", () -> state("sw-b").equals("RUNNING"), BOOT);

        execute("mobi:vm-type sw-a 'ping -c 3 10.1.0.2'");
        await("pings through the switch", () -> consoleShows("sw-a", "3 packets transmitted, 3 packets received"),
                Duration.ofSeconds(30));

        JsonNode ports = json(get("/api/v1/networks/lan1/ports"));
        assertEquals(2, ports.size());
        for (JsonNode port : ports) {
            assertTrue(port.toString(), port.get("rxFrames").asLong() >= 3 && port.get("txFrames").asLong() >= 3);
        }
        String table = execute("mobi:net-ports lan1");
        assertTrue(table, table.contains("sw-a") && table.contains("sw-b") && table.contains("L2TPV3"));

        // 100 ms on each VM's link: the round trip grows by 200 ms.
        double before = pingAverageMillis("sw-a", "10.1.0.2", "first");
        for (JsonNode port : ports) {
            String id = port.get("binding").get("portId").asText();
            HttpResponse<String> shaped = http("PUT", "/api/v1/networks/lan1/ports/" + id + "/shape",
                    "{\"delayMillis\": 100, \"jitterMillis\": 0, \"rateBitsPerSecond\": 0, \"lossPercent\": 0}");
            assertEquals(shaped.body(), 200, shaped.statusCode());
        }
        double after = pingAverageMillis("sw-a", "10.1.0.2", "second");
        assertTrue("RTT " + before + " -> " + after + " ms", Math.abs(after - before - 200) <= 20);

        // 2 Mbit/s on each link, no delay: an HTTP download (TCP) runs at that rate.
        for (JsonNode port : ports) {
            http("PUT", "/api/v1/networks/lan1/ports/" + port.get("binding").get("portId").asText() + "/shape",
                    "{\"delayMillis\": 0, \"jitterMillis\": 0, \"rateBitsPerSecond\": 2000000, \"lossPercent\": 0}");
        }
        execute("mobi:vm-type sw-b 'dd if=/dev/zero of=/var/www/big bs=1024 count=500 2>/dev/null; echo made-$((2 + 3))'");
        await("the file to download", () -> consoleShows("sw-b", "made-5"), Duration.ofSeconds(20));
        execute("mobi:vm-type sw-a '(time wget -q -O /dev/null http://10.1.0.2/big) 2>&1 | sed s/^/xfer-/'");
        String[] real = new String[1];
        await("the download", () -> {
            for (JsonNode l : json(get("/api/v1/vms/sw-a/console?lines=50"))) {
                if (l.asText().startsWith("xfer-real")) {
                    real[0] = l.asText();
                    return true;
                }
            }
            return false;
        }, Duration.ofSeconds(60));
        // busybox time: "real\t0m 2.10s"
        String[] ms = real[0].replaceAll("[^0-9.m ]", " ").trim().split("m");
        double seconds = Double.parseDouble(ms[0].replaceAll("\\D", "")) * 60 + Double.parseDouble(ms[1].trim());
        double mbit = 500 * 1024 * 8 / seconds / 1e6;
        assertTrue("TCP over a 2 Mbit/s link: " + mbit + " Mbit/s (" + real[0] + ")", Math.abs(mbit - 2.0) <= 0.3);

        // The guests carry iperf3: VM to VM it measures the same shaped link.
        execute("mobi:vm-type sw-b '/usr/bin/iperf3 -s -D'");
        // -D returns before the server listens: the client tries again until it does
        execute("mobi:vm-type sw-a 'for i in 1 2 3 4 5; do /usr/bin/iperf3 -c 10.1.0.2 -t 3 -f k && break; sleep 1; done"
                + " | grep receiver | sed s/^/vmth-/'");
        String[] receiver = new String[1];
        await("iperf3 between the VMs", () -> {
            for (JsonNode l : json(get("/api/v1/vms/sw-a/console?lines=50"))) {
                if (l.asText().startsWith("vmth-")) {
                    receiver[0] = l.asText();
                    return true;
                }
            }
            return false;
        }, Duration.ofSeconds(30));
        // e.g. "vmth-[  5]   0.00-3.00   sec   684 KBytes  1868 Kbits/sec                  receiver"
        double kbits = Double.parseDouble(receiver[0].replaceAll(".* ([0-9.]+) Kbits/sec.*", "$1"));
        assertTrue("iperf3 over a 2 Mbit/s link: " + receiver[0], kbits > 1500 && kbits < 2100);

        http("POST", "/api/v1/vms/sw-b/stop?wait=true", null);
        await("sw-b's port closed with its VM", () -> json(get("/api/v1/networks/lan1/ports")).size() == 1,
                Duration.ofSeconds(10));
    }

    @Test
    public void aQemuVmAndAUmlVmOnOneNetworkPingAndServeEachOther() {
        assertEquals(201, http("POST", "/api/v1/networks", "{\"name\": \"mixed\"}").statusCode());
        String qemu = execute("mobi:vm-create --start -t qemu -m 128 -p ip=10.2.0.1/24 -p http=80 -n 52:54:00:02:00:01@mixed q-a");
        assertTrue(qemu, qemu.contains("q-a: ready in"));
        String uml = execute("mobi:vm-create --start -p ip=10.2.0.2/24 -n 02:00:00:02:00:02@mixed u-b");
        assertTrue(uml, uml.contains("u-b: ready in"));

        execute("mobi:vm-type u-b 'ping -c 3 10.2.0.1'");
        await("UML pings QEMU through the switch", () -> consoleShows("u-b", "3 packets transmitted, 3 packets received"),
                Duration.ofSeconds(30));
        execute("mobi:vm-type q-a 'ping -c 3 10.2.0.2'");
        await("QEMU pings UML through the switch", () -> consoleShows("q-a", "3 packets transmitted, 3 packets received"),
                Duration.ofSeconds(30));
        execute("mobi:vm-type u-b 'wget -q -O - http://10.2.0.1/'");
        await("UML fetches QEMU's page", () -> consoleShows("u-b", "Mobitopolo guest"), Duration.ofSeconds(30));

        // the guest agent: commands run by argv on a line of their own, their outputs apart, nothing typed on the console
        for (String vm : new String[] {"u-b", "q-a"}) {
            JsonNode r = exec(vm, "[\"sh\", \"-c\", \"echo agent-out-$((6 * 7)); echo agent-err >&2; exit 7\"]", 10);
            assertEquals(r.toString(), 7, r.get("exitCode").asInt());
            assertEquals(r.toString(), "agent-out-42\n", r.get("stdout").asText());
            assertEquals(r.toString(), "agent-err\n", r.get("stderr").asText());
            assertTrue(vm + "'s console shows nothing of it", !consoleShows(vm, "agent-out-42"));
            JsonNode words = exec(vm, "[\"printf\", \"[%s]\", \"two words\", \"\", \"ends in a newline\\n\"]", 10);
            assertEquals(words.toString(), "[two words][][ends in a newline\n]", words.get("stdout").asText());
            JsonNode slow = exec(vm, "[\"sleep\", \"30\"]", 1);
            assertTrue(slow.toString(), slow.get("exitCode").asInt() != 0 && slow.get("millis").asLong() < 5000);
        }
        JsonNode ping = exec("u-b", "[\"ping\", \"-c\", \"2\", \"10.2.0.1\"]", 20);
        assertTrue(ping.toString(), ping.get("exitCode").asInt() == 0
                && ping.get("stdout").asText().contains("2 packets transmitted, 2 packets received"));
        String said = execute("mobi:vm-exec q-a -- ping -c 1 10.2.0.2");
        assertTrue(said, said.contains("1 packets transmitted, 1 packets received"));
        HttpResponse<String> noProgram = http("POST", "/api/v1/vms/u-b/exec", "{\"argv\": []}");
        assertEquals(noProgram.body(), 400, noProgram.statusCode());

        String table = execute("mobi:net-ports mixed");
        assertTrue(table, table.contains("RAW") && table.contains("L2TPV3"));
        HttpResponse<String> stopped = http("POST", "/api/v1/vms/q-a/stop?wait=true", null);
        assertEquals(stopped.body(), "STOPPED", json(stopped).get("state").asText());
        await("q-a's port closed with its VM", () -> json(get("/api/v1/networks/mixed/ports")).size() == 1,
                Duration.ofSeconds(10));
        HttpResponse<String> notRunning = http("POST", "/api/v1/vms/q-a/exec", "{\"argv\": [\"true\"]}");
        assertEquals(notRunning.body(), 409, notRunning.statusCode());
        HttpResponse<String> inUse = http("DELETE", "/api/v1/networks/mixed", null);
        assertEquals(inUse.body(), 409, inUse.statusCode());
        assertTrue(inUse.body(), json(inUse).get("detail").asText().contains("u-b"));
        http("DELETE", "/api/v1/vms/u-b", null);
        assertTrue(execute("mobi:net-delete mixed").contains("mixed: deleted"));
        assertEquals(404, get("/api/v1/networks/mixed/ports").statusCode());
    }

    @Test
    public void badVmRequestsGetClearErrors() {
        HttpResponse<String> tooSmall = http("POST", "/api/v1/vms",
                "{\"name\": \"tiny\", \"hypervisor\": \"uml\", \"memoryMb\": 4}");
        assertEquals(tooSmall.body(), 400, tooSmall.statusCode());
        assertTrue(tooSmall.body(), json(tooSmall).get("detail").asText().contains("memory must be 16-65536 MiB"));

        HttpResponse<String> noXen = http("POST", "/api/v1/vms",
                "{\"name\": \"x1\", \"hypervisor\": \"xen\", \"memoryMb\": 128}");
        assertEquals(noXen.body(), 503, noXen.statusCode());
        assertTrue(noXen.body(), json(noXen).get("detail").asText().contains("mobitopolo-hypervisor-xen"));

        assertEquals(404, get("/api/v1/vms/nobody").statusCode());
        assertEquals(404, http("POST", "/api/v1/vms/nobody/start", null).statusCode());
        String err = execute("mobi:vm-start nobody");
        assertTrue(err, err.contains("no VM named nobody"));

        http("POST", "/api/v1/vms", "{\"name\": \"idle\", \"hypervisor\": \"uml\", \"memoryMb\": 64}");
        HttpResponse<String> twice = http("POST", "/api/v1/vms", "{\"name\": \"idle\", \"hypervisor\": \"uml\", \"memoryMb\": 64}");
        assertEquals(twice.body(), 409, twice.statusCode());
        assertEquals(409, http("POST", "/api/v1/vms/idle/freeze", null).statusCode());

        String nic = "{\"network\": \"\", \"mac\": \"02:00:00:00:00:09\", \"local\": {\"host\": \"127.0.0.1\", \"port\": 47100},"
                + " \"remote\": {\"host\": \"127.0.0.1\", \"port\": 47101}}";
        HttpResponse<String> added = http("POST", "/api/v1/vms/idle/nics", nic);
        assertEquals(added.body(), 200, added.statusCode());
        assertEquals(47100, json(added).get("spec").get("nics").get(0).get("local").get("port").asInt());
        assertEquals(404, http("PUT", "/api/v1/vms/idle/nics/5", nic).statusCode());
        HttpResponse<String> badMac = http("POST", "/api/v1/vms/idle/nics", "{\"network\": \"lan\", \"mac\": \"zz\"}");
        assertEquals(badMac.body(), 400, badMac.statusCode());
        assertTrue(badMac.body(), json(badMac).get("detail").asText().contains("MAC address must look like"));
    }
}
