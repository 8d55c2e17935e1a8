package org.mobitopolo.transfer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A 206 answer is taken only as the range asked for: from an offset to the file's end. */
class SourceHostTest {
    @Test
    void contentRangesToTheEndOfTheFileAreRead() {
        assertEquals(100, SourceHost.contentRangeStart("bytes 100-999/1000", 1000));
        assertEquals(0, SourceHost.contentRangeStart("bytes 0-999/1000", 1000));
        assertEquals(999, SourceHost.contentRangeStart(" bytes 999-999/* ", 1000));
        assertEquals(-1, SourceHost.contentRangeStart("bytes 100-500/1000", 1000), "not to the end");
        assertEquals(-1, SourceHost.contentRangeStart("bytes 100-999/2000", 1000), "another file's size");
        assertEquals(-1, SourceHost.contentRangeStart("bytes */1000", 1000));
        assertEquals(-1, SourceHost.contentRangeStart("", 1000));
        assertEquals(-1, SourceHost.contentRangeStart("items 1-2/3", 3));
    }
}
