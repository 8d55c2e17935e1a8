package org.mobitopolo.experiment.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobitopolo.api.platform.PlatformException;

class ExperimentFileTest {
    @TempDir
    Path dir;

    @Test
    void theProtocolHandlerExperimentReadsWithItsTopologyBesideIt() {
        ExperimentFile f = ExperimentFile.read(Path.of("../../examples/protocol-handler/sites.experiment.yml"));
        assertEquals("protocol-handler", f.name());
        assertTrue(f.topology().contains("ph-guest"));
        assertEquals(24, f.repetitions());
        assertEquals(List.of("tokyo", "florida", "texas", "dallas", "caltech", "utah", "essex"),
                f.cells().stream().map(ExperimentFile.Cell::name).toList());
        assertEquals(List.of("VM-Th-T", "VM-La-T", "VM-Th-F", "VM-La-F", "File-Th", "cached-File-Th"),
                f.measurements().stream().map(Measurement::name).toList());
        assertEquals(7 * 24, f.total());
    }

    @Test
    void everyProblemIsListedAndNoTopologyIsReadFromOutsideTheFilesDirectory() throws Exception {
        Path file = dir.resolve("bad.yml");
        Files.writeString(file, """
                name: Bad Name
                topology: ../../etc/passwd
                repetitions: 0
                colour: red
                cells:
                  - {name: a}
                  - {name: a, set: [1]}
                measurements:
                  - {name: x, node: n, kind: traceroute}
                  - {name: y, node: n, kind: fetch, url: 'file:///etc/shadow', proxy: 'a b'}
                """);
        String problems = assertThrows(PlatformException.class, () -> ExperimentFile.read(file)).getMessage();
        for (String p : List.of("name: 1-32 lower-case letters", "topology: the topology file's name, beside the experiment file",
                "repetitions: 1 to 1000, got 0", "colour: unknown field", "cells[1].name: a name of its own",
                "cells[1].set: a mapping", "measurements[0].kind: iperf3, ping or fetch, got 'traceroute'",
                "measurements[1].url: an http(s) URL", "measurements[1].proxy: HOST:PORT")) {
            assertTrue(problems.contains(p), p + " in " + problems);
        }
    }

    @Test
    void aSweepCombinesEveryCellWithEveryValueTheFirstPathSlowest() {
        ExperimentFile f = ExperimentFile.parse("""
                name: sweep
                topology: t.yml
                repetitions: 2
                cells:
                  - {name: texas, set: {nodes.proxy.memoryMb: 256}}
                  - {name: utah}
                sweep:
                  nodes.proxy.host: [a, b]
                  nodes.client.nics.0.impairment: [{delayMillis: 10}, {delayMillis: 20}, {delayMillis: 30}]
                measurements:
                  - {name: la, node: client, kind: ping, to: 10.0.0.1}
                """, name -> "name: t");
        assertEquals(List.of("texas-a-v1", "texas-a-v2", "texas-a-v3", "texas-b-v1", "texas-b-v2", "texas-b-v3",
                "utah-a-v1", "utah-a-v2", "utah-a-v3", "utah-b-v1", "utah-b-v2", "utah-b-v3"),
                f.cells().stream().map(ExperimentFile.Cell::name).toList());
        ExperimentFile.Cell cell = f.cells().get(4);
        assertEquals(256, cell.set().get("nodes.proxy.memoryMb").asInt());
        assertEquals("b", cell.set().get("nodes.proxy.host").asText());
        assertEquals(20, cell.set().get("nodes.client.nics.0.impairment").path("delayMillis").asInt());
        assertEquals(24, f.total());

        ExperimentFile alone = ExperimentFile.parse("""
                name: sweep
                topology: t.yml
                repetitions: 1
                sweep: {nodes.proxy.host: [a, b]}
                measurements: [{name: la, node: client, kind: ping, to: 10.0.0.1}]
                """, name -> "name: t");
        assertEquals(List.of("a", "b"), alone.cells().stream().map(ExperimentFile.Cell::name).toList());

        String problems = assertThrows(PlatformException.class, () -> ExperimentFile.parse("""
                name: sweep
                topology: t.yml
                repetitions: 1
                sweep: {nodes.proxy.host: [], nodes.a.memoryMb: [1, '1']}
                measurements: [{name: la, node: client, kind: ping, to: 10.0.0.1}]
                """, name -> "name: t")).getMessage();
        assertTrue(problems.contains("sweep.nodes.proxy.host: a non-empty list of values"), problems);
        assertTrue(problems.contains("sweep: the cell '1' needs a name of its own"), problems);
    }

    @Test
    void aCellsPathsBecomeTheFileThatDeploysTheCut() {
        String text = ExperimentService.cellFile("ph", "ph-cut", Map.of(
                "nodes.proxy.nics.1.impairment", JsonNodes.of("{\"delayMillis\": 14}"),
                "nodes.proxy.host", JsonNodes.of("\"b\"")));
        assertEquals(JsonNodes.of("""
                {"name": "ph", "from-snapshot": "ph-cut",
                 "nodes": {"proxy": {"nics": [{}, {"impairment": {"delayMillis": 14}}], "host": "b"}}}"""), JsonNodes.of(text));
    }
}
