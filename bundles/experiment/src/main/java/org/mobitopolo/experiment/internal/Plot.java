package org.mobitopolo.experiment.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Draws an experiment's statistics with gnuplot (Debian's {@code gnuplot-nox}) as {@code plot.png} and
 * {@code plot.svg}: one panel per measurement, the cells along the x axis, each cell's mean as a bar
 * with its minimum and maximum as an error bar.
 */
final class Plot {
    private Plot() {}

    /** Writes both files into {@code dir}; an {@link IOException} says why not (gnuplot missing, or failing). */
    static void draw(Path dir, Results results, List<String> cells, List<Measurement> measurements, String title)
            throws IOException, InterruptedException {
        StringBuilder data = new StringBuilder();
        for (Measurement m : measurements) { // one block per measurement (gnuplot's index), a line per cell
            data.append("# ").append(m.name()).append('\n');
            for (String cell : cells) {
                Results.Stats st = results.stats(cell, m.name());
                data.append('"').append(cell).append("\" ").append(value(st.mean())).append(' ').append(value(st.min())).append(' ')
                        .append(value(st.max())).append('\n');
            }
            data.append("\n\n");
        }
        Path plotData = dir.resolve("plot.dat");
        Files.writeString(plotData, data);
        Path script = dir.resolve("plot.gp");
        int width = Math.max(480, 360 * measurements.size());
        Files.writeString(script, script(plotData, measurements, title, "pngcairo size " + width + ",420", dir.resolve("plot.png"))
                + script(plotData, measurements, title, "svg size " + width + ",420", dir.resolve("plot.svg")));
        Process p;
        try {
            p = new ProcessBuilder("gnuplot", script.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("gnuplot is not installed here (Debian package gnuplot-nox: scripts/setup.sh installs it)", e);
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("gnuplot failed: " + new String(out, StandardCharsets.UTF_8).strip());
        }
    }

    /** gnuplot's missing value. */
    private static String value(double v) {
        return Double.isNaN(v) ? "NaN" : Results.number(v);
    }

    private static String script(Path data, List<Measurement> measurements, String title, String terminal, Path output) {
        StringBuilder b = new StringBuilder()
                .append("set terminal ").append(terminal).append(" font ',9'\n")
                .append("set output ").append(quoted(output.toString())).append('\n')
                .append("set style data histograms\nset style histogram errorbars linewidth 1\n")
                .append("set style fill solid 0.5 border -1\nset boxwidth 0.8\nset key off\nset yrange [0:*]\n")
                .append("set xtics rotate by -30\n")
                .append("set multiplot layout 1,").append(measurements.size()).append(" title ").append(quoted(title)).append('\n');
        for (int i = 0; i < measurements.size(); i++) {
            Measurement m = measurements.get(i);
            b.append("set title ").append(quoted(m.name() + " (" + m.unit() + ")")).append('\n')
                    .append("plot ").append(quoted(data.toString())).append(" index ").append(i).append(" using 2:3:4:xtic(1)\n");
        }
        return b.append("unset multiplot\nset output\n").toString();
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
