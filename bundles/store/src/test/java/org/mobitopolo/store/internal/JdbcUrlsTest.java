package org.mobitopolo.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {
    @Test
    void passwordsAreCutWhereverAUrlCarriesThem() {
        assertEquals("jdbc:postgresql://db:5432/mobi?user=m&password=***&ssl=true",
                JdbcUrls.withoutPassword("jdbc:postgresql://db:5432/mobi?user=m&password=s3cr;t&ssl=true"));
        assertEquals("jdbc:postgresql://db/mobi?password=***", JdbcUrls.withoutPassword("jdbc:postgresql://db/mobi?password=p"));
        assertEquals("jdbc:h2:file:/data/store;USER=m;password=***;MODE=PostgreSQL",
                JdbcUrls.withoutPassword("jdbc:h2:file:/data/store;USER=m;PASSWORD=x;MODE=PostgreSQL"));
        assertEquals("jdbc:postgresql://m:***@db/mobi", JdbcUrls.withoutPassword("jdbc:postgresql://m:secret@db/mobi"));
    }

    @Test
    void urlsWithoutPasswordsStayAsTheyAre() {
        for (String url : new String[] {"jdbc:h2:file:/data/mobitopolo/store/mobitopolo", "jdbc:postgresql://db:5432/mobi?user=m",
                "jdbc:postgresql://[::1]:5432/mobi", "jdbc:h2:mem:"}) {
            assertEquals(url, JdbcUrls.withoutPassword(url));
        }
        assertNull(JdbcUrls.withoutPassword(null));
    }
}
