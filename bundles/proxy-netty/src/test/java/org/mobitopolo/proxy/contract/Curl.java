package org.mobitopolo.proxy.contract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code curl}, as a user of the proxy would run it. */
public final class Curl {
    /**
     * What curl reported.
     *
     * @param exit curl's exit code
     * @param status the final HTTP status, 0 for none
     * @param connectStatus the proxy's answer to CONNECT, 0 when there was none
     * @param bytes body bytes received
     * @param body the body (when small), stderr included in {@code log}
     */
    public record Result(int exit, int status, int connectStatus, long bytes, String body, String headers, String log) {}

    private Curl() {}

    public static Result run(Path dir, String... args) throws IOException, InterruptedException {
        Path body = Files.createTempFile(dir, "body", ".out");
        Path headers = Files.createTempFile(dir, "headers", ".out");
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30", "-o", body.toString(), "-D",
                headers.toString(), "-w", "%{http_code} %{http_connect} %{size_download}"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("curl did not end: " + cmd);
        }
        String[] w = out.trim().split(" ");
        String text = Files.size(body) < 1 << 20 ? Files.readString(body, StandardCharsets.ISO_8859_1) : "";
        String h = Files.readString(headers, StandardCharsets.ISO_8859_1);
        Files.delete(body);
        Files.delete(headers);
        return new Result(p.exitValue(), Integer.parseInt(w[0]), Integer.parseInt(w[1]), Long.parseLong(w[2]), text, h,
                err);
    }
}
