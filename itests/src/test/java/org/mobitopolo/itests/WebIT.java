package org.mobitopolo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExamServer;

/**
 * The web dashboard in a real browser: Debian's chromium, headless, driven through Selenium, against
 * the assembled distribution. Pax Exam runs here in server mode (the container is started and
 * stopped around the class, the tests run in this JVM), since the browser and its driver are
 * processes of this side; the tests use the runtime only as users do, over HTTP. A move goes to a
 * second runtime started from the same archive on this machine. Screenshots of each step go to
 * {@code target/web-screenshots/}.
 */
public class WebIT extends MobitopoloTestSupport {
    /** Pax Exam without the console pump (see {@link MobitopoloExam}: it would eat failsafe's final handshake). */
    @ClassRule
    public static final PaxExamServer EXAM = new PaxExamServer() {
        private InputStream stdin;

        @Override
        protected void before() throws Exception {
            stdin = System.in;
            System.setIn(InputStream.nullInputStream());
            super.before();
        }

        @Override
        protected void after() {
            try {
                new WebIT().destroyVms(); // a VM's FIFOs would block Pax Exam's deletion of the container's folder
            } finally {
                super.after();
                System.setIn(stdin);
            }
        }
    };

    /** A failed step leaves the page as it was, beside the steps' screenshots. */
    @Rule
    public final TestWatcher screenshotOnFailure = new TestWatcher() {
        @Override
        protected void failed(Throwable e, Description test) {
            if (browser != null) {
                browser.shot("FAILED-" + test.getMethodName());
            }
            if (hostB != null) {
                System.out.println("WebIT: host B's log when " + test.getMethodName() + " failed:\n" + hostB.logTail(60));
            }
        }
    };

    private static final String ADMIN = "ada";
    private static final String ADMIN_PASSWORD = "ada-pw";
    private static final String VIEWER = "vic";
    private static final String VIEWER_PASSWORD = "vic-pw";
    private static final String VM = "webvm";
    private static final Path SCREENSHOTS = Path.of("target/web-screenshots");

    private static final String MOVER = "webmover";
    private static final Map<String, String> ADMIN_TOKENS = new ConcurrentHashMap<>();

    private static Browser browser;
    private static volatile boolean vmRunning;
    private static SecondRuntime hostB;
    private static String hostBUrl;

    @Override
    @Configuration
    public Option[] config() {
        return OptionUtils.combine(OptionUtils.combine(super.config(), otherPortsFree()),
                // an administrator of our own: this side cannot read the one the runtime writes into its data
                editConfigurationFilePut("etc/users.properties", ADMIN, ADMIN_PASSWORD + ",admin"),
                editConfigurationFilePut("etc/users.properties", VIEWER, VIEWER_PASSWORD + ",viewer"));
    }

    @BeforeClass
    public static void startBrowser() {
        Assume.assumeTrue("chromium and chromium-driver are installed by scripts/setup.sh", Browser.installed());
        // Selenium's guesses about DevTools versions: we use only WebDriver
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(java.util.logging.Level.SEVERE);
        browser = Browser.start(SCREENSHOTS, 1280, 800);
    }

    @AfterClass
    public static void closeBrowser() {
        // a rerun of a failed test gets a new container: nothing of this one holds there
        vmRunning = false;
        ADMIN_TOKENS.clear();
        try {
            if (hostB != null) {
                hostB.delete(); // its Karaf and the QEMU it runs
                hostB = null;
            }
        } finally {
            if (browser != null) {
                browser.close();
                browser = null;
            }
        }
    }

    /** The runtime is up with one UML VM (made once, over REST), and the browser is on the page, logged out. */
    @Before
    public void vmAndLoggedOutPage() {
        if (!vmRunning) {
            awaitStatus("/api/v1/health", 200, Duration.ofSeconds(120));
            awaitRestSettled();
            HttpResponse<String> created = http("POST", "/api/v1/vms?start=true",
                    "{\"name\": \"" + VM + "\", \"hypervisor\": \"uml\", \"memoryMb\": 64}");
            assertEquals(created.body(), 201, created.statusCode());
            awaitVmState("RUNNING");
            vmRunning = true;
        }
        browser.resize(1280, 800);
        browser.open(base() + "/");
        browser.forget();
        browser.open(base() + "/");
    }

    /**
     * Our administrator's token on this runtime or on host B, for the tests' own REST calls: logged in
     * once each, as soon as the endpoint takes logins.
     */
    @Override
    protected String token(String base) {
        return ADMIN_TOKENS.computeIfAbsent(base, b -> {
            String login = "{\"user\":\"" + ADMIN + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}";
            String[] token = {null};
            await("a login as " + ADMIN + " on " + b, () -> {
                try {
                    HttpResponse<String> r = send(b, "POST", "/api/v1/sessions", login, Map.of());
                    if (r.statusCode() == 201) {
                        token[0] = json(r).get("token").asText();
                    }
                } catch (UncheckedIOException notListeningYet) {
                    // Pax Web starts asynchronously
                }
                return token[0] != null;
            }, Duration.ofSeconds(120));
            return token[0];
        });
    }

    /**
     * Host B for moves: a second runtime from the same archive on this machine, every port of its own,
     * started once for the class; host A (the runtime under test) holds the token B issued for it.
     */
    private String hostB() {
        if (hostB == null) {
            hostB = SecondRuntime.unpack(Path.of(System.getProperty("mobitopolo.distribution")), "b-admin-" + UUID.randomUUID());
            int port = freePort();
            hostB.configure("org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(port));
            hostB.configure("org.apache.karaf.shell.cfg", "sshPort", String.valueOf(freePort()));
            hostB.configure("org.apache.karaf.management.cfg", Map.of("rmiRegistryPort", String.valueOf(freePort()),
                    "rmiServerPort", String.valueOf(freePort())));
            hostB.configure("org.mobitopolo.transport.udp.cfg", "vxlanPort", String.valueOf(freePort()));
            hostB.configure("org.mobitopolo.netservices.cfg", "dnsPort", String.valueOf(freePort())); // A has the default
            hostB.configure("users.properties", ADMIN, ADMIN_PASSWORD + ",admin");
            hostB.start();
            hostBUrl = "http://127.0.0.1:" + port;
            await("host B's QEMU plugin", () -> {
                try {
                    return http(hostBUrl, "GET", "/api/v1/plugins", null).body().contains("\"qemu\"");
                } catch (UncheckedIOException notYet) {
                    return false;
                }
            }, Duration.ofSeconds(180));
            HttpResponse<String> issued = http(hostBUrl, "POST", "/api/v1/peers/tokens", "{\"name\": \"host-a\"}");
            assertEquals(issued.body(), 201, issued.statusCode());
            HttpResponse<String> kept = http("POST", "/api/v1/peers", "{\"url\": \"" + hostBUrl + "\", \"token\": \""
                    + json(issued).get("token").asText() + "\"}");
            assertEquals(kept.body(), 201, kept.statusCode());
        }
        return hostBUrl;
    }

    @Test
    public void aWrongPasswordIsRefusedThenTheRightOneLogsInAndTheTokenStaysOutOfReach() {
        browser.visible("#login-form", 30);
        browser.shot("login-page");
        logIn(ADMIN, "not-the-password");
        WebElement error = browser.visible("#login-error", 10);
        assertEquals("Wrong user or password.", error.getText());
        assertTrue(browser.find("#nav").getAttribute("hidden") != null);
        browser.shot("wrong-password");

        logIn(ADMIN, ADMIN_PASSWORD);
        browser.visible("#nav", 10);
        assertEquals("ada (admin)", browser.find("#user").getText());
        browser.shot("logged-in");
        String cookies = (String) browser.script("return document.cookie");
        assertFalse(cookies, cookies.contains("mobi_session"));
        assertTrue(cookies, cookies.contains("mobi_csrf="));
        assertEquals(0L, browser.script("return localStorage.length + sessionStorage.length"));
        // the login answer itself carried no token either (?cookie=true)
        HttpResponse<String> cookieLogin = send(base(), "POST", "/api/v1/sessions?cookie=true",
                "{\"user\":\"" + ADMIN + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}", Map.of());
        assertEquals(201, cookieLogin.statusCode());
        assertTrue(cookieLogin.body(), json(cookieLogin).get("token").isNull());
        assertTrue(cookieLogin.headers().allValues("Set-Cookie").stream()
                .anyMatch(c -> c.startsWith("mobi_session=") && c.contains("HttpOnly")));

        browser.find("#logout").click();
        browser.visible("#login-form", 10);
        browser.shot("logged-out");
        assertEquals(401L, browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/api/v1/sessions/current').then(r => done(r.status));"));
    }

    @Test
    public void theVmListFollowsAStopAndAStartByEventsWithoutMoving() {
        logInAsAdmin();
        browser.open(base() + "/#/vms");
        String row = "tr[data-vm='" + VM + "']";
        browser.visible(row + "[data-state='RUNNING']", 30);
        browser.visible("#live[data-state='live']", 10);
        Rectangle before = browser.find(row).getRect();
        browser.shot("vms-running");

        browser.find(row + " button[data-action='stop']").click();
        browser.visible(row + "[data-state='STOPPED'][data-source='event']", 60);
        assertEquals("STOPPED", browser.find(row + " .badge").getText());
        assertEquals("a state change repaints the row in place", before, browser.find(row).getRect());
        browser.shot("vm-stopped");
        assertTrue(Integer.parseInt(browser.find("#live").getAttribute("data-received")) > 0);

        browser.find(row + " button[data-action='start']").click();
        browser.visible(row + "[data-state='RUNNING'][data-source='event']", 60);
        assertEquals(before, browser.find(row).getRect());
        browser.shot("vm-started");

        browser.find(row + " button[data-action='console']").click();
        WebElement line = browser.visible("#console-line", 10);
        browser.await(30, "the guest's ready line on the console",
                d -> browser.find("#console-output").getText().contains("MOBITOPOLO-READY"));
        line.sendKeys("echo dashboard-$((6 * 7))", Keys.ENTER);
        browser.await(30, "the typed line's answer on the console",
                d -> browser.find("#console-output").getText().contains("dashboard-42"));
        browser.shot("console");
    }

    @Test
    public void aViewerSeesEverythingAndIsToldWhyItsWritesAreRefused() {
        logIn(VIEWER, VIEWER_PASSWORD);
        browser.visible("#nav", 10);
        assertEquals("vic (viewer)", browser.find("#user").getText());
        String row = "tr[data-vm='" + VM + "']";
        browser.visible(row + "[data-state='RUNNING']", 30);
        browser.find(row + " button[data-action='freeze']").click();
        WebElement notice = browser.visible("#notice", 10);
        String text = browser.find("#notice-text").getText();
        assertTrue(text, text.startsWith("403 Forbidden: user 'vic' (viewer) may not POST /api/v1/vms/" + VM + "/freeze"));
        assertTrue(text, text.contains("needs the role operator"));
        browser.shot("viewer-refused");
        browser.find("#notice-close").click();
        assertFalse(notice.isDisplayed());
        assertEquals("RUNNING", json(get("/api/v1/vms/" + VM)).get("state").asText());

        browser.find("#nav a[href='#/hosts']").click();
        browser.await(30, "the host facts", d -> !browser.find("#host-name").getText().isEmpty());
        assertEquals("true", browser.find("tr[data-hypervisor='uml']").getAttribute("data-usable"));
        browser.shot("viewer-host");
        // none of either here: the answer shows as the empty list's line (a failure would show the notice instead)
        browser.find("#nav a[href='#/topologies']").click();
        assertTrue(browser.visible("#view p.empty", 10).getText().startsWith("No topologies yet"));
        browser.find("#topology-file").sendKeys("name: viewers-own\n");
        browser.find("#topology-plan").click();
        browser.await(10, "the refusal", d -> browser.find("#notice").isDisplayed());
        assertTrue(browser.find("#notice-text").getText(), browser.find("#notice-text").getText()
                .startsWith("403 Forbidden: user 'vic' (viewer) may not POST /api/v1/topologies"));
        browser.shot("viewer-plan-refused");
        browser.find("#notice-close").click();
        browser.find("#nav a[href='#/migrations']").click();
        browser.await(30, "the VMs in the move form", d -> !browser.findAll("#move-vm option[value='" + VM + "']").isEmpty());
        browser.find("#move-target").sendKeys("http://127.0.0.1:9");
        browser.find("#move-start").click();
        browser.await(10, "the refusal", d -> browser.find("#notice").isDisplayed());
        assertTrue(browser.find("#notice-text").getText(), browser.find("#notice-text").getText()
                .startsWith("403 Forbidden: user 'vic' (viewer) may not POST /api/v1/migrations"));
        browser.shot("viewer-migrations");
        browser.find("#notice-close").click();
        browser.find("#nav a[href='#/proxy']").click();
        browser.visible("#proxy-state[data-running]", 10);
        assertTrue("the users are the administrator's", browser.findAll("#proxy-users").isEmpty());
        browser.find("#proxy-start").click();
        browser.await(10, "the refusal", d -> browser.find("#notice").isDisplayed());
        assertTrue(browser.find("#notice-text").getText(), browser.find("#notice-text").getText()
                .startsWith("403 Forbidden: user 'vic' (viewer) may not PUT /api/v1/proxy"));
        browser.find("#notice-close").click();
        assertFalse("no failure shown for reading", browser.find("#notice").isDisplayed());
    }

    @Test
    public void aTopologyFileIsPlannedDeployedDrawnAndDestroyedFromThePage() {
        logInAsAdmin();
        browser.open(base() + "/#/topologies");
        WebElement file = browser.visible("#topology-file", 10);
        file.sendKeys("name: webtopo\nnodes:\n  webnode:\n    hypervisor: xen\n");
        browser.find("#topology-plan").click();
        String problems = browser.visible("#topology-problems", 10).getText();
        assertTrue(problems, problems.contains("xen"));
        assertFalse("nothing to deploy from a file with problems", browser.find("#topology-deploy").isEnabled());
        browser.shot("topology-problems");

        file.clear();
        file.sendKeys("name: webtopo\nnetworks:\n  webnet:\n    subnet: 10.7.0.0/24\nnodes:\n  webnode:\n"
                + "    nics:\n      - network: webnet\n        mac: 02:00:00:07:00:01\n        address: 10.7.0.1/24\n");
        browser.find("#topology-plan").click();
        browser.await(30, "the plan", d -> browser.find("#plan-summary").getText().startsWith("webtopo: "));
        assertFalse(browser.find("#topology-problems").isDisplayed());
        assertTrue(browser.findAll("#plan-steps tr").size() >= 2); // the network and the VM, at least
        assertEquals("a plan makes nothing", 404, get("/api/v1/topologies/webtopo").statusCode());
        browser.shot("topology-plan");

        browser.find("#topology-deploy").click();
        String row = "tr[data-topology='webtopo']";
        browser.visible(row + " .badge[data-state='COMPLETED']", 120);
        browser.find(row + " button.link").click();
        browser.await(30, "the topology's graph drawn", d -> "host:local".equals(parentInGraph("vm:webnode")));
        assertEquals("local", browser.find("tr[data-node='webnode'] td[data-host]").getText());
        assertEquals("running", browser.find("tr[data-node='webnode'] td[data-state='RUNNING'] .badge").getAttribute("textContent"));
        assertEquals("a file with one host offers no move", "–", browser.find("tr[data-node='webnode'] td:last-child").getText());
        browser.shot("topology-deployed");

        browser.find(row + " button[data-action='destroy']").click();
        browser.visible("dialog.ask button.danger", 10).click();
        browser.await(120, "the topology gone", d -> browser.findAll(row).isEmpty());
        assertTrue(json(get("/api/v1/topologies")).isEmpty());
        browser.shot("topology-destroyed");
    }

    /** Where the topology graph draws a node: the id of the host box it is in, as Cytoscape holds it. */
    private String parentInGraph(String id) {
        return (String) browser.script("const c = document.getElementById('topology-canvas'); const cy = c && c._cyreg && c._cyreg.cy;"
                + "const n = cy && cy.$id(arguments[0]); return n && n.nonempty() ? n.parent().id() : null;", id);
    }

    /** Drags a node of the topology graph onto the middle of a host's box, with the mouse, in steps as a hand does. */
    private void dragInGraph(String node, String host) {
        @SuppressWarnings("unchecked")
        List<Number> at = (List<Number>) browser.script("const cy = document.getElementById('topology-canvas')._cyreg.cy;"
                + "const p = cy.$id(arguments[0]).renderedPosition(); const b = cy.$id(arguments[1]).renderedBoundingBox();"
                + "return [p.x, p.y, (b.x1 + b.x2) / 2, (b.y1 + b.y2) / 2];", node, host);
        WebElement canvas = browser.find("#topology-canvas");
        int fromX = at.get(0).intValue() - canvas.getSize().width / 2; // Selenium's offsets are from the element's middle
        int fromY = at.get(1).intValue() - canvas.getSize().height / 2;
        int dx = at.get(2).intValue() - at.get(0).intValue();
        int dy = at.get(3).intValue() - at.get(1).intValue();
        Actions hand = new Actions(browser.driver()).moveToElement(canvas, fromX, fromY).clickAndHold();
        for (int i = 1; i <= 5; i++) {
            hand.moveByOffset(dx * i / 5 - dx * (i - 1) / 5, dy * i / 5 - dy * (i - 1) / 5);
        }
        hand.release().perform();
    }

    /**
     * The graph's half of the two-host acceptance: a VM dragged onto the other host's box moves there
     * (UML, by restart) after a confirmation, and the graph then draws it in that box, with the tunnel.
     */
    @Test
    public void aVmDraggedOntoAnotherHostInTheGraphMovesThereAndIsDrawnThere() {
        String b = hostB();
        String file = """
                name: webwide
                hosts:
                  a: local
                  b: %s
                networks:
                  wide: {subnet: 10.78.0.0/24}
                nodes:
                  wide-stay: {host: a, nics: [{network: wide, address: 10.78.0.1/24}]}
                  wide-move: {host: a, nics: [{network: wide, address: 10.78.0.2/24}]}
                """.formatted(b);
        HttpResponse<String> started = http("POST", "/api/v1/topologies", file);
        assertEquals(started.body(), 202, started.statusCode());
        try {
            JsonNode run = awaitTopologyRun(json(started), Duration.ofSeconds(300));
            assertEquals(run.toString(), "COMPLETED", run.get("state").asText());
            logInAsAdmin();
            browser.open(base() + "/#/topologies");
            browser.visible("tr[data-topology='webwide'] button.link", 30).click();
            browser.await(30, "both VMs drawn on host a", d -> "host:a".equals(parentInGraph("vm:wide-move"))
                    && "host:a".equals(parentInGraph("vm:wide-stay")));
            assertEquals("no tunnel while every VM is on a", 0L, browser.script(
                    "return document.getElementById('topology-canvas')._cyreg.cy.edges('.tunnel').length"));
            browser.shot("graph-before-move");

            // Dropped back onto its own host: nothing is asked, nothing moves.
            dragInGraph("vm:wide-move", "host:a");
            assertTrue(browser.findAll("dialog.ask").isEmpty());

            dragInGraph("vm:wide-move", "host:b");
            WebElement dialog = browser.visible("dialog.ask", 10);
            assertTrue(dialog.getText(), dialog.getText().contains("Move wide-move from a to b?"));
            browser.shot("graph-move-confirm");
            dialog.findElement(By.cssSelector("button.primary")).click();
            awaitMoveEnd("webwide", "wide-move", Duration.ofSeconds(300));
            String moved = browser.find("#move-status").getText();
            assertTrue(moved, moved.startsWith("wide-move moved to b in"));
            browser.await(30, "the VM drawn on host b", d -> "host:b".equals(parentInGraph("vm:wide-move")));
            assertEquals("host:a", parentInGraph("vm:wide-stay"));
            assertEquals("the tunnel the move needed", 1L, browser.script(
                    "return document.getElementById('topology-canvas')._cyreg.cy.edges('.tunnel').length"));
            assertEquals("b", browser.find("tr[data-node='wide-move'] td[data-host]").getText());
            browser.shot("graph-after-move");
            assertEquals("RUNNING", json(http(b, "GET", "/api/v1/vms/wide-move", null)).get("state").asText());
            assertEquals("the VM left this host", 404, get("/api/v1/vms/wide-move").statusCode());
            JsonNode status = json(get("/api/v1/topologies/webwide"));
            assertEquals(status.toString(), "b", status.get("placement").get("wide-move").asText());
            assertEquals("MOVE", status.get("lastRun").get("action").asText());

            // A viewer sees the graph and the table; its move is refused, with the 403's detail shown.
            browser.find("#logout").click();
            logIn(VIEWER, VIEWER_PASSWORD);
            browser.open(base() + "/#/topologies");
            browser.visible("tr[data-topology='webwide'] button.link", 30).click();
            browser.visible("tr[data-node='wide-move'] button[data-action='move']", 30).click();
            browser.visible("dialog.ask button.primary", 10).click();
            browser.await(10, "the refusal", d -> browser.find("#notice").isDisplayed());
            assertTrue(browser.find("#notice-text").getText(), browser.find("#notice-text").getText()
                    .startsWith("403 Forbidden: user 'vic' (viewer) may not POST /api/v1/topologies/webwide/nodes/wide-move/move"));
            assertTrue(browser.find("#move-status").getText(), browser.find("#move-status").getText().startsWith("wide-move did not move: 403"));
            browser.shot("viewer-move-refused");
            assertEquals("b", json(get("/api/v1/topologies/webwide")).get("placement").get("wide-move").asText());
        } finally {
            HttpResponse<String> destroyed = http("DELETE", "/api/v1/topologies/webwide", null);
            if (destroyed.statusCode() == 202) {
                awaitTopologyRun(json(destroyed), Duration.ofSeconds(120));
            }
        }
    }

    /**
     * Waits until the page says how the move of {@code topology}'s {@code vm} ended; if it does not,
     * fails with what this runtime says of the move and of the topology's run.
     */
    private void awaitMoveEnd(String topology, String vm, Duration timeout) {
        try {
            browser.await((int) timeout.toSeconds(), "the move's end", d -> {
                String text = browser.find("#move-status").getText();
                return text.startsWith(vm + " ") && !text.startsWith(vm + " is still moving");
            });
        } catch (TimeoutException e) {
            throw new AssertionError("the move of " + vm + " did not end within " + timeout.toSeconds() + " s; the page says '"
                    + browser.find("#move-status").getText() + "'; the migrations here: " + get("/api/v1/migrations").body()
                    + "; the topology's last run: " + json(get("/api/v1/topologies/" + topology)).get("lastRun"), e);
        }
    }

    /** The two-host acceptance: a live move started from the form, drawn as it goes, its report shown. */
    @Test
    public void aMoveStartedFromThePageIsDrawnRoundByRoundAndEndsWithItsReport() {
        String b = hostB();
        HttpResponse<String> created = http("POST", "/api/v1/vms?start=true", "{\"name\": \"" + MOVER + "\", "
                + "\"hypervisor\": \"qemu\", \"memoryMb\": 128, \"params\": {\"heartbeat\": \"1\"}}");
        assertEquals(created.body(), 201, created.statusCode());
        await(MOVER + " running", () -> json(get("/api/v1/vms/" + MOVER)).get("state").asText().equals("RUNNING"),
                Duration.ofSeconds(120));
        logInAsAdmin();
        browser.open(base() + "/#/migrations");
        browser.await(30, "the VM in the form", d -> !browser.findAll("#move-vm option[value='" + MOVER + "']").isEmpty());
        new Select(browser.find("#move-vm")).selectByValue(MOVER);
        browser.find("#move-target").sendKeys(b);
        type("#move-budget", "300");
        type("#move-rate", "8"); // MiB/s: the first round alone takes seconds, so the chart is seen growing
        type("#move-rebind", "none"); // no NIC to announce
        browser.shot("move-form");
        browser.find("#move-start").click();

        // What the chart shows at each look until the report: its rounds, and the move's phase then.
        List<String> seen = new ArrayList<>();
        browser.await(300, "the move's report", d -> {
            String rounds = browser.find("#migration-chart").getAttribute("data-rounds");
            String phase = browser.find("tr[data-migration]").getAttribute("data-state");
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(rounds + " " + phase)) {
                seen.add(rounds + " " + phase);
                if (rounds.equals("1")) {
                    browser.shot("move-first-round");
                }
            }
            return browser.find("#migration-report").getText().startsWith("live:");
        });
        browser.shot("move-completed");
        JsonNode done = json(get("/api/v1/migrations")).get(0);
        JsonNode report = done.get("report");
        assertTrue(done.toString(), report != null && report.get("live").asBoolean());
        int rounds = report.get("rounds").asInt();
        assertTrue("a point on the chart while the move was in pre-copy: " + seen,
                seen.stream().anyMatch(x -> x.matches("[1-9]\\d* PRECOPY")));
        // A point per round the engine reported (two rounds closer together than its look at QEMU show as one),
        // up to the last, which the report counts.
        Set<Integer> reported = new HashSet<>();
        done.get("history").forEach(p -> {
            if (!p.get("phase").asText().equals("PREPARING") && p.get("round").asInt() >= 1) {
                reported.add(p.get("round").asInt());
            }
        });
        assertTrue(reported + " " + rounds, reported.contains(rounds) && reported.size() >= 2);
        assertEquals("a point per reported round at the end: " + seen, String.valueOf(reported.size()),
                browser.find("#migration-chart").getAttribute("data-rounds"));
        assertEquals(reported.size(), browser.findAll("#migration-rounds tr").size());
        String text = browser.find("#migration-report").getText();
        assertTrue(text, text.contains(rounds + " rounds") && text.contains("ms down (budget 300 ms)"));
        assertEquals("the VM left this host", 404, get("/api/v1/vms/" + MOVER).statusCode());
        assertEquals("RUNNING", json(http(b, "GET", "/api/v1/vms/" + MOVER, null)).get("state").asText());
        assertEquals(204, http(b, "DELETE", "/api/v1/vms/" + MOVER, null).statusCode());
    }

    /** Against this host's own iperf3 server, started from the page on a port of its own: the real protocol both ways. */
    @Test
    public void aBandwidthTestFromThePageIsDrawnSecondBySecondAgainstThisHostsServer() {
        http("DELETE", "/api/v1/bench/server", null); // whatever runs at boot: the page starts its own
        String port = String.valueOf(freePort());
        logInAsAdmin();
        browser.open(base() + "/#/bench");
        browser.visible("#iperf-server-state[data-running='false']", 30);
        type("#iperf-server-address", "127.0.0.1");
        type("#iperf-server-port", port);
        browser.find("#iperf-server-start").click();
        assertTrue(browser.visible("#iperf-server-state[data-running='true']", 30).getText()
                .startsWith("listening on 127.0.0.1:" + port));
        type("#bench-host", "127.0.0.1");
        type("#bench-port", port);
        type("#bench-seconds", "4");
        browser.find("#bench-start").click();

        List<String> seen = new ArrayList<>(); // the chart's points and the test's state at each look
        browser.await(60, "the test's result", d -> {
            String look = browser.find("#bench-chart").getAttribute("data-points") + " "
                    + browser.find("tr[data-run]").getAttribute("data-state");
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(look)) {
                seen.add(look);
            }
            return look.endsWith("COMPLETED");
        });
        browser.shot("bench-completed");
        assertTrue("points on the chart while the test ran: " + seen, seen.stream().anyMatch(x -> x.matches("[1-9] RUNNING")));
        String id = browser.find("tr[data-run]").getAttribute("data-run");
        JsonNode run = json(get("/api/v1/bench/runs/" + id));
        assertEquals(run.toString(), "completed", run.get("state").asText());
        assertEquals(String.valueOf(run.get("intervals").size()), browser.find("#bench-chart").getAttribute("data-points"));
        assertTrue(run.toString(), run.get("intervals").size() >= 4);
        String shown = browser.find("#bench-status").getText();
        double mbps = run.get("result").get("bitsPerSecond").asDouble() / 1e6;
        assertTrue(shown + " vs " + mbps, shown.startsWith(String.format(java.util.Locale.ROOT, "%.1f Mbit/s", mbps)) && mbps > 10);
        browser.await(10, "the test in the server's list", d -> browser.find("#iperf-served").getText().contains("completed"));
        browser.find("#iperf-server-stop").click();
        browser.visible("#iperf-server-state[data-running='false']", 10);
        assertFalse(json(get("/api/v1/bench/server")).get("running").asBoolean());
    }

    /** The proxy started from the page with users only, a user added there, and curl through it as that user. */
    @Test
    public void theProxyIsStartedWithAUserFromThePageAndCurlGoesThroughItAsThatUser() throws Exception {
        String port = String.valueOf(freePort());
        logInAsAdmin();
        browser.open(base() + "/#/proxy");
        browser.visible("#proxy-state[data-running]", 30);
        if (browser.find("#proxy-state").getAttribute("data-running").equals("true")) {
            browser.find("#proxy-stop").click();
            browser.visible("#proxy-state[data-running='false']", 10);
        }
        type("#proxy-address", "127.0.0.1");
        type("#proxy-port", port);
        new Select(browser.find("#proxy-auth")).selectByValue("true");
        browser.find("#proxy-start").click();
        assertTrue(browser.visible("#proxy-state[data-running='true']", 30).getText().endsWith("listening on 127.0.0.1:" + port));
        browser.find("#proxy-user-add").click();
        browser.visible("#ask-input", 10).sendKeys("pat", Keys.ENTER);
        browser.await(10, "the password field", d -> "password".equals(browser.find("#ask-input").getAttribute("type")));
        browser.find("#ask-input").sendKeys("pat-pw", Keys.ENTER);
        browser.visible("#proxy-users li[data-user='pat']", 10);
        browser.shot("proxy-user-added");

        String page = base() + "/";
        assertEquals("407", curl("-s", "-o", "/dev/null", "-w", "%{http_code}", "-x", "http://127.0.0.1:" + port, page));
        assertEquals("200", curl("-s", "-o", "/dev/null", "-w", "%{http_code}", "-x", "http://127.0.0.1:" + port,
                "-U", "pat:pat-pw", page));
        browser.find("#view .view-head button").click(); // Reload: the counters post no event
        browser.await(10, "the request served and the one refused counted",
                d -> Integer.parseInt(browser.find("[data-counter='Requests']").getText()) >= 1
                        && Integer.parseInt(browser.find("[data-counter='Denied']").getText()) >= 1);
        browser.shot("proxy-counters");

        browser.find("#proxy-users li[data-user='pat'] button").click();
        browser.visible("dialog.ask button.danger", 10).click();
        browser.await(10, "the user gone", d -> browser.findAll("#proxy-users li[data-user='pat']").isEmpty());
        browser.find("#proxy-stop").click();
        browser.visible("#proxy-state[data-running='false']", 10);
        assertFalse(json(get("/api/v1/proxy")).get("running").asBoolean());
    }

    /** Two UML VMs on a network ping each other: their ports' rates move on the page, and an impairment set there holds. */
    @Test
    public void portsShowTheirRatesLiveAndAnImpairmentEditedOnThePageDelaysThePings() {
        assertEquals(201, http("POST", "/api/v1/networks", "{\"name\": \"webnet\"}").statusCode());
        try {
            for (int i = 1; i <= 2; i++) {
                HttpResponse<String> r = http("POST", "/api/v1/vms?start=true", "{\"name\": \"webn" + i + "\", "
                        + "\"hypervisor\": \"uml\", \"memoryMb\": 64, \"params\": {\"ip\": \"10.77.0." + i + "/24\"}, "
                        + "\"nics\": [{\"network\": \"webnet\", \"mac\": \"02:00:00:77:00:0" + i + "\"}]}");
                assertEquals(r.body(), 201, r.statusCode());
            }
            for (String vm : List.of("webn1", "webn2")) {
                await(vm + " running", () -> json(get("/api/v1/vms/" + vm)).get("state").asText().equals("RUNNING"),
                        Duration.ofSeconds(90));
            }
            JsonNode ports = json(get("/api/v1/networks/webnet/ports"));
            assertEquals(ports.toString(), 2, ports.size());
            String second = null;
            for (JsonNode p : ports) {
                if (p.get("owner").asText().contains("webn2")) {
                    second = p.get("binding").get("portId").asText();
                }
            }
            assertTrue(ports.toString(), second != null);
            logInAsAdmin();
            browser.open(base() + "/#/networks");
            String row = "tbody[data-network='webnet'] tr[data-link='" + second + "']";
            browser.visible(row, 30);
            http("POST", "/api/v1/vms/webn1/console", "{\"line\": \"ping -i 0.2 -c 60 10.77.0.2 >/dev/null\"}");
            browser.await(30, "a rate on the port", d -> Long.parseLong(browser.find(row).getAttribute("data-rx") == null ? "0"
                    : browser.find(row).getAttribute("data-rx")) > 0);
            browser.await(20, "the sparkline drawn", d -> browser.find(row + " polyline").getAttribute("points").split(" ").length >= 3);
            browser.shot("network-rates");

            browser.find(row + " button[data-shape]").click();
            type("#shape-delay", "100");
            browser.find("#shape-apply").click();
            browser.await(10, "the impairment shown", d -> browser.find(row).getText().contains("100 ms"));
            JsonNode shaped = json(get("/api/v1/networks/webnet/ports"));
            String port = second;
            assertTrue(shaped.toString(), java.util.stream.StreamSupport.stream(shaped.spliterator(), false)
                    .anyMatch(p -> p.get("binding").get("portId").asText().equals(port) && p.get("shape").get("delayMillis").asLong() == 100));
            browser.shot("network-impaired");
            http("POST", "/api/v1/vms/webn1/console", "{\"line\": \"sleep 13; ping -c 3 10.77.0.2 | tail -1\"}");
            String[] rtt = {null};
            await("the pings' round trips", () -> {
                for (JsonNode l : json(get("/api/v1/vms/webn1/console?lines=10"))) {
                    if (l.asText().contains("min/avg/max")) {
                        rtt[0] = l.asText();
                        return true;
                    }
                }
                return false;
            }, Duration.ofSeconds(60));
            double min = Double.parseDouble(rtt[0].replaceAll(".*= *", "").split("/")[0]);
            assertTrue(rtt[0], min >= 100);
        } finally {
            for (String vm : List.of("webn1", "webn2")) {
                http("DELETE", "/api/v1/vms/" + vm, null);
            }
            http("DELETE", "/api/v1/networks/webnet", null);
        }
    }

    private static String curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "--max-time", "20"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue("curl ended", p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }

    private void type(String css, String value) {
        WebElement field = browser.find(css);
        field.clear();
        field.sendKeys(value);
    }

    @Test
    public void thePageFitsAPhoneAndWorksByKeyboard() {
        browser.resize(390, 844);
        WebElement user = browser.visible("#login-user", 30);
        user.click();
        user.sendKeys(ADMIN, Keys.TAB, ADMIN_PASSWORD, Keys.ENTER);
        browser.visible("tr[data-vm='" + VM + "']", 30);
        assertEquals("no sideways scrolling", Boolean.TRUE,
                browser.script("return document.documentElement.scrollWidth <= window.innerWidth"));
        assertTrue(browser.find("tr[data-vm='" + VM + "'] button[data-action='stop']").isDisplayed());
        browser.shot("phone-vms");
        // the views are links: reachable by Tab, followed by Enter
        browser.find("#nav a[href='#/hosts']").sendKeys(Keys.ENTER);
        browser.await(30, "the host facts", d -> !browser.find("#host-name").getText().isEmpty());
        browser.shot("phone-host");
    }

    /** What {@code curl -N} shows of /api/v1/events while the VM stops and starts: the state events, as they happen. */
    @Test
    public void curlFollowsTheEventStreamWithABearerToken() throws Exception {
        HttpResponse<String> anonymous = send(base(), "GET", "/api/v1/events", null, Map.of());
        assertEquals(401, anonymous.statusCode());
        assertEquals("application/problem+json", anonymous.headers().firstValue("Content-Type").orElse("").split(";")[0]);

        assertEquals(200, http("POST", "/api/v1/vms/" + VM + "/stop?wait=true", null).statusCode());
        Process curl = new ProcessBuilder("curl", "-sN", "-H", "Authorization: Bearer " + token(base()),
                base() + "/api/v1/events").redirectErrorStream(true).start();
        try {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> readLines(curl.getInputStream(), lines), "curl-events");
            reader.setDaemon(true);
            reader.start();
            String first = lines.poll(10, TimeUnit.SECONDS);
            assertTrue("the stream opens at once, with a comment: " + first, first != null && first.startsWith(":")
                    && first.contains("mobitopolo events"));
            assertEquals(202, http("POST", "/api/v1/vms/" + VM + "/start", null).statusCode());
            List<String> running = awaitEvent(lines, "\"state\":\"RUNNING\"", Duration.ofSeconds(60));
            assertEquals("event: org/mobitopolo/vm/STATE", running.get(0));
            assertTrue(running.get(1), running.get(1).contains("\"vm\":\"" + VM + "\""));
            assertTrue(running.get(1), running.get(1).contains("\"hypervisor\":\"uml\""));
            assertTrue(running.get(1), running.get(1).contains("\"previous\":\"STARTING\""));
        } finally {
            curl.destroy();
            if (!curl.waitFor(10, TimeUnit.SECONDS)) {
                curl.destroyForcibly();
            }
        }
    }

    private static void readLines(InputStream in, BlockingQueue<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // curl was stopped
        }
    }

    /** The {@code event:} and {@code data:} lines of the first event whose data holds {@code text}. */
    private static List<String> awaitEvent(BlockingQueue<String> lines, String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String event = null;
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                continue;
            }
            if (line.startsWith("event: ")) {
                event = line;
            } else if (line.startsWith("data: ") && line.contains(text) && event != null) {
                return List.of(event, line);
            }
        }
        throw new AssertionError("no event with " + text + " within " + timeout);
    }

    private void logInAsAdmin() {
        logIn(ADMIN, ADMIN_PASSWORD);
        browser.visible("#nav", 10);
    }

    private void logIn(String user, String password) {
        WebElement name = browser.visible("#login-user", 30);
        name.clear();
        name.sendKeys(user);
        WebElement secret = browser.find("#login-password");
        secret.clear();
        secret.sendKeys(password);
        browser.find("#login-form button[type=submit]").click();
    }

    private void destroyVms() {
        try {
            for (var vm : json(get("/api/v1/vms"))) {
                http("DELETE", "/api/v1/vms/" + vm.get("spec").get("name").asText(), null);
            }
        } catch (RuntimeException e) {
            System.out.println("WebIT: VMs not destroyed: " + e); // the container may be down already
        }
    }

    private void awaitVmState(String state) {
        await("VM " + VM + " " + state, () -> json(get("/api/v1/vms/" + VM)).get("state").asText().equals(state),
                Duration.ofSeconds(60));
    }
}
