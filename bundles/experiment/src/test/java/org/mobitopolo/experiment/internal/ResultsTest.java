package org.mobitopolo.experiment.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTest {
    @TempDir
    Path dir;

    private static Measurement m(String name, String kind) {
        return Measurement.parse(JsonNodes.of("{\"name\": \"" + name + "\", \"node\": \"n\", \"kind\": \"" + kind
                + "\", \"to\": \"10.0.0.1\", \"url\": \"http://10.0.0.1/f\"}"), "m", new ArrayList<>());
    }

    private Results threeOfEach() {
        Results r = new Results("exp", List.of("near", "far"), List.of(m("La", "ping"), m("File-Th", "fetch")));
        double[] near = {2, 4, 4};
        for (int i = 0; i < 3; i++) {
            r.add(new Results.Row("near", i + 1, "La", near[i], "ms", "", 0));
            r.add(new Results.Row("far", i + 1, "La", 100 + i, "ms", "", 0));
            r.add(new Results.Row("near", i + 1, "File-Th", 1.5, "Mbit/s", "", 0));
        }
        r.add(new Results.Row("far", 1, "File-Th", Double.NaN, "Mbit/s", "curl exited 28: timed out, \"slow\"", 0));
        return r;
    }

    @Test
    void statisticsAreTheSamplesAsComputedByHand() {
        Results.Stats s = threeOfEach().stats("near", "La");
        assertEquals(3, s.n());
        assertEquals(10.0 / 3, s.mean(), 1e-12);
        assertEquals(Math.sqrt((Math.pow(2 - 10.0 / 3, 2) + 2 * Math.pow(4 - 10.0 / 3, 2)) / 2), s.sd(), 1e-12);
        assertEquals(2, s.min());
        assertEquals(4, s.max());
        assertEquals(100 * s.sd() / s.mean(), s.cvPercent(), 1e-12);
        assertEquals(0, threeOfEach().stats("far", "File-Th").n(), "a failed one is not a value");
    }

    @Test
    void theCsvHasOneRowPerRepetitionAndMeasurementAndQuotesWhatNeedsIt() throws Exception {
        Results r = threeOfEach();
        r.writeRows(dir.resolve("results.csv"));
        List<String> lines = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals("experiment,cell,repetition,measurement,value,unit,ok,error,startedMillis", lines.get(0));
        assertEquals(1 + 10, lines.size());
        assertEquals("exp,far,1,File-Th,,Mbit/s,false,\"curl exited 28: timed out, \"\"slow\"\"\",0", lines.get(10));
        r.writeSummary(dir.resolve("summary.csv"));
        assertEquals("near,La,ms,3,3.33333,1.15470,2.00000,4.00000,34.6410", Files.readAllLines(dir.resolve("summary.csv")).get(1));
        String table = r.table();
        assertTrue(table.contains("far") && table.contains("(1 failed)") && table.contains("101 ± 1.0"), table);
    }

    @Test
    void gnuplotDrawsAValidPngAndSvg() throws Exception {
        Results r = threeOfEach();
        Plot.draw(dir, r, List.of("near", "far"), List.of(m("La", "ping"), m("File-Th", "fetch")), "exp: 3 repetitions");
        byte[] png = Files.readAllBytes(dir.resolve("plot.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(png, 8));
        assertTrue(png.length > 2000, "a picture, not an empty file: " + png.length);
        var svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("plot.svg").toFile());
        assertEquals("svg", svg.getDocumentElement().getNodeName());
    }
}
