package org.mobitopolo.experiment.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an experiment measured: one row per repetition and measurement, written as {@code results.csv}
 * as they come, and per cell and measurement the statistics of those that worked ({@code summary.csv},
 * and the table of {@code summary.txt}).
 */
final class Results {
    /** A measured value, or the reason there is none ({@code value} is NaN then). */
    record Row(String cell, int repetition, String measurement, double value, String unit, String error, long startedMillis) {
        boolean ok() {
            return error.isEmpty();
        }
    }

    /** The statistics of one cell's repetitions of one measurement: sample standard deviation, CV in percent. */
    record Stats(int n, double mean, double sd, double min, double max) {
        double cvPercent() {
            return mean == 0 ? Double.NaN : 100 * sd / Math.abs(mean);
        }

        static Stats of(List<Double> values) {
            int n = values.size();
            double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
            return new Stats(n, mean, n > 1 ? Math.sqrt(squares / (n - 1)) : 0,
                    values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                    values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        }
    }

    private final String experiment;
    private final List<String> cells;
    private final List<Measurement> measurements;
    private final List<Row> rows = new ArrayList<>();

    Results(String experiment, List<String> cells, List<Measurement> measurements) {
        this.experiment = experiment;
        this.cells = List.copyOf(cells);
        this.measurements = List.copyOf(measurements);
    }

    synchronized void add(Row row) {
        rows.add(row);
    }

    synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    synchronized Stats stats(String cell, String measurement) {
        return Stats.of(rows.stream().filter(r -> r.cell().equals(cell) && r.measurement().equals(measurement) && r.ok())
                .map(Row::value).toList());
    }

    void writeRows(Path file) throws IOException {
        StringBuilder b = new StringBuilder("experiment,cell,repetition,measurement,value,unit,ok,error,startedMillis\n");
        for (Row r : rows()) {
            b.append(csv(experiment)).append(',').append(csv(r.cell())).append(',').append(r.repetition()).append(',')
                    .append(csv(r.measurement())).append(',').append(r.ok() ? number(r.value()) : "").append(',')
                    .append(csv(r.unit())).append(',').append(r.ok()).append(',').append(csv(r.error())).append(',')
                    .append(r.startedMillis()).append('\n');
        }
        write(file, b.toString());
    }

    /** One line per cell and measurement, in the file's orders: what the plot draws. */
    void writeSummary(Path file) throws IOException {
        StringBuilder b = new StringBuilder("cell,measurement,unit,n,mean,sd,min,max,cvPercent\n");
        for (String cell : cells) {
            for (Measurement m : measurements) {
                Stats s = stats(cell, m.name());
                b.append(csv(cell)).append(',').append(csv(m.name())).append(',').append(csv(m.unit())).append(',').append(s.n())
                        .append(',').append(number(s.mean())).append(',').append(number(s.sd())).append(',')
                        .append(number(s.min())).append(',').append(number(s.max())).append(',').append(number(s.cvPercent()))
                        .append('\n');
            }
        }
        write(file, b.toString());
    }

    /** Cells as rows, measurements as columns: mean ± sd (and how many failed, where some did). */
    String table() {
        List<String> header = new ArrayList<>(List.of("cell"));
        measurements.forEach(m -> header.add(m.name() + " (" + m.unit() + ")"));
        List<List<String>> lines = new ArrayList<>(List.of(header));
        for (String cell : cells) {
            List<String> line = new ArrayList<>(List.of(cell));
            for (Measurement m : measurements) {
                Stats s = stats(cell, m.name());
                long failed = rows().stream().filter(r -> r.cell().equals(cell) && r.measurement().equals(m.name()) && !r.ok()).count();
                line.add((s.n() == 0 ? "-" : String.format(Locale.ROOT, "%.3g ± %.2g", s.mean(), s.sd()))
                        + (failed > 0 ? " (" + failed + " failed)" : ""));
            }
            lines.add(line);
        }
        int[] width = new int[header.size()];
        lines.forEach(l -> {
            for (int i = 0; i < l.size(); i++) {
                width[i] = Math.max(width[i], l.get(i).length());
            }
        });
        StringBuilder b = new StringBuilder();
        for (List<String> l : lines) {
            for (int i = 0; i < l.size(); i++) {
                b.append(i == 0 ? "" : "  ").append(i == 0 ? pad(l.get(i), width[i], false) : pad(l.get(i), width[i], true));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }

    static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    /** RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
    static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
