package dev.tidings.links;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HostQueueTest {
    @Test
    void theHostWithTheMostLeftGoesFirstUpToItsLimitThenTheOthers() throws InterruptedException {
        HostQueue queue = new HostQueue(List.of("http://b/1", "http://a/1", "http://a/2", "http://a/3", "http://a/4", "http://c/1"), 2);
        assertEquals("http://a/1", queue.take(), "a has four addresses, b and c one each");
        assertEquals("http://a/2", queue.take());
        assertEquals("http://b/1", queue.take(), "a is at its limit of two");
        assertEquals("http://c/1", queue.take());
        queue.done("http://a/1");
        assertEquals("http://a/3", queue.take(), "a has a free place again");
        queue.done("http://a/2");
        assertEquals("http://a/4", queue.take());
        assertNull(queue.take(), "nothing left, though four are still being checked");
    }

    @Test
    void oneHostAndPortAreOneHostWhateverTheSpelling() {
        assertEquals(HostPermits.key("http://Example.org/a"), HostPermits.key("http://example.org:80/b#c"));
        assertEquals("example.org:443", HostPermits.key("https://example.org"));
    }
}
