package org.mobitopolo.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Range headers a host fetching a snapshot file sends, and the ones a server may ignore. */
class ByteRangeTest {
    private static Optional<ByteRange> parse(String header, long size) throws ByteRange.Unsatisfiable {
        return ByteRange.parse(header, size);
    }

    @Test
    void aResumeAsksFromAnOffsetToTheEnd() throws Exception {
        assertEquals(Optional.of(new ByteRange(100, 999)), parse("bytes=100-", 1000));
        assertEquals(Optional.of(new ByteRange(0, 999)), parse("bytes=0-", 1000));
        assertEquals(Optional.of(new ByteRange(999, 999)), parse("Bytes=999-", 1000));
        assertEquals("bytes 100-999/1000", parse("bytes=100-", 1000).orElseThrow().contentRange(1000));
        assertEquals(900, parse("bytes=100-", 1000).orElseThrow().length());
    }

    @Test
    void boundedAndSuffixRangesAreCutToTheFile() throws Exception {
        assertEquals(Optional.of(new ByteRange(10, 19)), parse("bytes=10-19", 1000));
        assertEquals(Optional.of(new ByteRange(10, 999)), parse("bytes=10-5000", 1000));
        assertEquals(Optional.of(new ByteRange(900, 999)), parse("bytes=-100", 1000));
        assertEquals(Optional.of(new ByteRange(0, 999)), parse("bytes=-5000", 1000));
    }

    @Test
    void rangesBeyondTheEndAreUnsatisfiable() {
        for (String header : List.of("bytes=1000-", "bytes=5000-6000", "bytes=-0")) {
            assertThrows(ByteRange.Unsatisfiable.class, () -> parse(header, 1000), header);
        }
        assertThrows(ByteRange.Unsatisfiable.class, () -> parse("bytes=0-", 0), "an empty file has no byte 0");
    }

    @Test
    void whatAServerMayIgnoreSendsTheWholeFile() throws Exception {
        for (String header : java.util.Arrays.asList(null, "", "items=0-1", "bytes=", "bytes=-", "bytes=5-2", "bytes=1-2,4-5",
                "bytes=x-", "bytes=99999999999999999999-")) {
            assertEquals(Optional.empty(), parse(header, 1000), header);
        }
    }
}
