package org.mobitopolo.experiment.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/**
 * An experiment file, checked: every problem is listed at once, by its path in the file.
 *
 * @param name the experiment's name, also the topology's while it runs
 * @param topology the topology file's text (read beside the experiment file)
 * @param repetitions how many times each cell runs
 * @param prepare commands run once, in order, after the first deploy and before the cut
 * @param cells the variations, each deployed from the cut: the file's cells, each combined with every
 *     combination of its sweep's values
 * @param measurements what each repetition measures, in order
 */
record ExperimentFile(String name, String topology, int repetitions, List<Command> prepare, List<Cell> cells,
        List<Measurement> measurements) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    /** The topology file: a plain name beside the experiment file, never a path out of its directory. */
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final Set<String> TOP = Set.of("name", "topology", "repetitions", "prepare", "cells", "sweep", "measurements");
    private static final Set<String> CELL = Set.of("name", "set");
    private static final Set<String> COMMAND = Set.of("node", "run");
    static final int MAX_REPETITIONS = 1000;

    /** A command for a node's guest agent. */
    record Command(String node, List<String> argv) {}

    /**
     * A variation: {@code set} maps dotted paths of the file that deploys the cut ({@code nodes.proxy.host},
     * {@code nodes.proxy.nics.0.impairment}, {@code host-links}) to their values.
     */
    record Cell(String name, Map<String, JsonNode> set) {}

    static ExperimentFile read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "cannot read experiment file " + file + ": " + e.getMessage());
        }
        return parse(text, name -> {
            Path topology = file.toAbsolutePath().getParent().resolve(name);
            try {
                return Files.readString(topology);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + topology + ": " + e.getMessage());
            }
        });
    }

    /** @param topologies reads a topology file named in the file; an {@link IllegalArgumentException} says why it cannot */
    static ExperimentFile parse(String text, java.util.function.Function<String, String> topologies) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "not a YAML experiment file: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        }
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "an experiment file is a mapping: name, topology, repetitions, "
                    + "prepare, cells, measurements");
        }
        unknown(root, TOP, "", problems);
        String name = root.path("name").asText("");
        if (!NAME.matcher(name).matches()) {
            problems.add("name: 1-32 lower-case letters, digits or dashes, got '" + name + "'");
        }
        String topology = "";
        String file = root.path("topology").asText("");
        if (!FILE.matcher(file).matches()) {
            problems.add("topology: the topology file's name, beside the experiment file, got '" + file + "'");
        } else {
            try {
                topology = topologies.apply(file);
            } catch (IllegalArgumentException e) {
                problems.add("topology: " + e.getMessage());
            }
        }
        int repetitions = root.path("repetitions").asInt(-1);
        if (!root.path("repetitions").isInt() || repetitions < 1 || repetitions > MAX_REPETITIONS) {
            problems.add("repetitions: 1 to " + MAX_REPETITIONS + ", got " + root.path("repetitions"));
        }
        List<Command> prepare = new ArrayList<>();
        int i = 0;
        for (JsonNode c : list(root, "prepare", problems)) {
            String path = "prepare[" + i++ + "]";
            unknown(c, COMMAND, path, problems);
            List<String> argv = new ArrayList<>();
            c.path("run").forEach(a -> argv.add(a.asText()));
            if (!c.path("run").isArray() || argv.isEmpty()) {
                problems.add(path + ".run: the program and its arguments, a list");
            }
            prepare.add(new Command(nodeName(c, path, problems), argv));
        }
        List<Cell> cells = new ArrayList<>();
        Set<String> cellNames = new HashSet<>();
        i = 0;
        for (JsonNode c : list(root, "cells", problems)) {
            String path = "cells[" + i++ + "]";
            unknown(c, CELL, path, problems);
            String cell = c.path("name").asText("");
            if (!NAME.matcher(cell).matches() || !cellNames.add(cell)) {
                problems.add(path + ".name: a name of its own, 1-32 lower-case letters, digits or dashes, got '" + cell + "'");
            }
            Map<String, JsonNode> set = new LinkedHashMap<>();
            c.path("set").fields().forEachRemaining(e -> set.put(e.getKey(), e.getValue()));
            if (c.has("set") && !c.get("set").isObject()) {
                problems.add(path + ".set: a mapping of paths to values");
            }
            cells.add(new Cell(cell, set));
        }
        JsonNode sweep = root.path("sweep");
        if (!sweep.isMissingNode() && !sweep.isNull()) {
            cells = sweep(cells.isEmpty() ? List.of(new Cell("", Map.of())) : cells, sweep, problems);
        }
        if (cells.isEmpty()) {
            cells.add(new Cell("all", Map.of())); // no variation: the cut itself, N times
        }
        List<Measurement> measurements = new ArrayList<>();
        Set<String> measurementNames = new HashSet<>();
        i = 0;
        for (JsonNode m : list(root, "measurements", problems)) {
            String path = "measurements[" + i++ + "]";
            Measurement parsed = Measurement.parse(m, path, problems);
            if (!measurementNames.add(parsed.name())) {
                problems.add(path + ".name: '" + parsed.name() + "' twice");
            }
            measurements.add(parsed);
        }
        if (measurements.isEmpty()) {
            problems.add("measurements: at least one");
        }
        if (!problems.isEmpty()) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "experiment file: " + String.join("; ", problems));
        }
        return new ExperimentFile(name, topology, repetitions, List.copyOf(prepare), List.copyOf(cells), List.copyOf(measurements));
    }

    /**
     * Every cell once with each combination of the sweep's values, the first path varying slowest. A
     * combination is named after its cell and its values: a plain value by itself ({@code a}, {@code 88}),
     * any other by its place in its list ({@code v2}), e.g. {@code texas-a-v2}.
     */
    private static List<Cell> sweep(List<Cell> cells, JsonNode sweep, List<String> problems) {
        if (!sweep.isObject() || sweep.isEmpty()) {
            problems.add("sweep: a mapping of paths to lists of values");
            return new ArrayList<>();
        }
        List<Cell> out = cells;
        for (Iterator<Map.Entry<String, JsonNode>> f = sweep.fields(); f.hasNext(); ) {
            Map.Entry<String, JsonNode> path = f.next();
            if (!path.getValue().isArray() || path.getValue().isEmpty()) {
                problems.add("sweep." + path.getKey() + ": a non-empty list of values");
                continue;
            }
            List<Cell> next = new ArrayList<>();
            for (Cell cell : out) {
                int v = 0;
                for (JsonNode value : path.getValue()) {
                    v++;
                    String part = value.isValueNode() ? value.asText().toLowerCase().replaceAll("[^a-z0-9]+", "-") : "v" + v;
                    Map<String, JsonNode> set = new LinkedHashMap<>(cell.set());
                    set.put(path.getKey(), value);
                    next.add(new Cell(cell.name().isEmpty() ? part : cell.name() + "-" + part, set));
                }
            }
            out = next;
        }
        if (out == cells) {
            return new ArrayList<>(); // no path could be swept: its problems say why
        }
        Set<String> names = new HashSet<>();
        for (Cell cell : out) {
            if (!NAME.matcher(cell.name()).matches() || !names.add(cell.name())) {
                problems.add("sweep: the cell '" + cell.name() + "' needs a name of its own, 1-32 lower-case letters, "
                        + "digits or dashes (shorten the cells' names or the values)");
            }
        }
        return out;
    }

    static String nodeName(JsonNode n, String path, List<String> problems) {
        String node = n.path("node").asText("");
        if (!NAME.matcher(node).matches()) {
            problems.add(path + ".node: a node of the topology, got '" + node + "'");
        }
        return node;
    }

    private static List<JsonNode> list(JsonNode root, String key, List<String> problems) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode n = root.path(key);
        if (n.isMissingNode() || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            problems.add(key + ": a list");
            return out;
        }
        n.forEach(out::add);
        return out;
    }

    static void unknown(JsonNode n, Set<String> known, String path, List<String> problems) {
        if (!n.isObject()) {
            problems.add((path.isEmpty() ? "" : path + ": ") + "a mapping of " + String.join(", ", new TreeSet<>(known)));
            return;
        }
        for (Iterator<String> f = n.fieldNames(); f.hasNext(); ) {
            String k = f.next();
            if (!known.contains(k)) {
                problems.add((path.isEmpty() ? "" : path + ".") + k + ": unknown field (known here: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    /** This file with another repetition count; 0 keeps its own. */
    ExperimentFile withRepetitions(int count) {
        if (count == 0) {
            return this;
        }
        if (count < 1 || count > MAX_REPETITIONS) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "repetitions: 1 to " + MAX_REPETITIONS + ", got " + count);
        }
        return new ExperimentFile(name, topology, count, prepare, cells, measurements);
    }

    int total() {
        return cells.size() * repetitions;
    }
}
