package org.mobitopolo.experiment.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mobitopolo.api.vm.ExecResult;

/**
 * One thing a repetition measures, in one node's guest by its agent: the command it runs there and how
 * its output becomes a number.
 *
 * <ul>
 *   <li>{@code iperf3}: {@code iperf3 -c TO -t SECONDS -J} (with {@code reverse}: {@code -R}, TO sends),
 *       the receiver's throughput in Mbit/s; TO runs an iperf3 server ({@code params: {run: iperf3}});
 *   <li>{@code ping}: {@code ping -c COUNT -i 0.2 TO}, the average round trip in ms (busybox's and
 *       iputils' summaries);
 *   <li>{@code fetch}: {@code curl} of URL, through PROXY ({@code HOST:PORT}) when given, the download's
 *       throughput in Mbit/s.
 * </ul>
 */
record Measurement(String name, String node, String kind, String to, int seconds, int count, String url, String proxy,
        boolean reverse) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("name", "node", "kind", "to", "seconds", "count", "url", "proxy", "reverse");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:-]{0,252}");
    private static final Pattern URL = Pattern.compile("https?://[A-Za-z0-9.:\\[\\]-]+(/[A-Za-z0-9._~/%?=&+-]*)?");
    /** busybox: "round-trip min/avg/max = 0.1/0.2/0.3 ms"; iputils: "rtt min/avg/max/mdev = 0.1/0.2/0.3/0.1 ms". */
    private static final Pattern RTT = Pattern.compile("min/avg/max(?:/mdev)? = [\\d.]+/([\\d.]+)/");

    static Measurement parse(JsonNode m, String path, List<String> problems) {
        ExperimentFile.unknown(m, FIELDS, path, problems);
        String name = m.path("name").asText("");
        if (!NAME.matcher(name).matches()) {
            problems.add(path + ".name: 1-32 letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        String node = ExperimentFile.nodeName(m, path, problems);
        String kind = m.path("kind").asText("");
        String to = m.path("to").asText("");
        String url = m.path("url").asText("");
        String proxy = m.path("proxy").asText("");
        switch (kind) {
            case "iperf3", "ping" -> {
                if (!ADDRESS.matcher(to).matches()) {
                    problems.add(path + ".to: the address or name measured to, got '" + to + "'");
                }
            }
            case "fetch" -> {
                if (!URL.matcher(url).matches()) {
                    problems.add(path + ".url: an http(s) URL, got '" + url + "'");
                }
                if (!proxy.isEmpty() && !ADDRESS.matcher(proxy).matches()) {
                    problems.add(path + ".proxy: HOST:PORT, got '" + proxy + "'");
                }
            }
            default -> problems.add(path + ".kind: iperf3, ping or fetch, got '" + kind + "'");
        }
        int seconds = m.path("seconds").asInt(5);
        int count = m.path("count").asInt(5);
        if (seconds < 1 || seconds > 600) {
            problems.add(path + ".seconds: 1 to 600, got " + seconds);
        }
        if (count < 1 || count > 1000) {
            problems.add(path + ".count: 1 to 1000, got " + count);
        }
        return new Measurement(name, node, kind, to, seconds, count, url, proxy, m.path("reverse").asBoolean(false));
    }

    /** What runs in the guest: no shell, every word as given. */
    List<String> argv() {
        return switch (kind) {
            case "iperf3" -> reverse ? List.of("iperf3", "-c", to, "-t", Integer.toString(seconds), "-J", "-R")
                    : List.of("iperf3", "-c", to, "-t", Integer.toString(seconds), "-J");
            case "ping" -> List.of("ping", "-c", Integer.toString(count), "-i", "0.2", to);
            default -> proxy.isEmpty() ? List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{speed_download}", url)
                    : List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{speed_download}", "-x", "http://" + proxy, url);
        };
    }

    /** How long the guest may take: the command's own time, and room for a slow link. */
    Duration timeout() {
        return Duration.ofSeconds(switch (kind) {
            case "iperf3" -> seconds + 30;
            case "ping" -> count + 30;
            default -> 300;
        });
    }

    String unit() {
        return kind.equals("ping") ? "ms" : "Mbit/s";
    }

    /** The number in the command's answer; an {@link IllegalArgumentException} says why there is none. */
    double value(ExecResult r) {
        if (r.exitCode() != 0) {
            String why = (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip();
            throw new IllegalArgumentException(argv().get(0) + " exited " + r.exitCode()
                    + (why.isEmpty() ? "" : ": " + why.lines().reduce((a, b) -> b).orElse("")));
        }
        switch (kind) {
            case "iperf3" -> {
                JsonNode report;
                try {
                    report = JSON.readTree(r.stdout());
                } catch (IOException e) {
                    throw new IllegalArgumentException("iperf3 wrote no JSON report");
                }
                JsonNode bps = report.path("end").path("sum_received").path("bits_per_second");
                if (!bps.isNumber()) {
                    throw new IllegalArgumentException("iperf3's report has no end.sum_received: " + report.path("error").asText(""));
                }
                return bps.asDouble() / 1e6;
            }
            case "ping" -> {
                Matcher m = RTT.matcher(r.stdout());
                if (!m.find()) {
                    throw new IllegalArgumentException("ping printed no round-trip summary");
                }
                return Double.parseDouble(m.group(1));
            }
            default -> {
                try {
                    return Double.parseDouble(r.stdout().strip()) * 8 / 1e6; // curl: bytes per second
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("curl printed no speed: '" + r.stdout().strip() + "'");
                }
            }
        }
    }
}
