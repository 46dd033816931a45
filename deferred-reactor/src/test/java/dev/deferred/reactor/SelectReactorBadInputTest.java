package dev.deferred.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bad input to a SelectReactor fails at the call, with a message that says what to do. */
class SelectReactorBadInputTest {
    private final SelectReactor reactor = new SelectReactor();

    @Test
    void negativeOrMissingArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> reactor.callLater(Duration.ofMillis(-1), () -> { }));
        assertThrows(NullPointerException.class, () -> reactor.callLater(Duration.ZERO, null));
        assertThrows(NullPointerException.class, () -> reactor.callFromThread(null));
        assertThrows(NullPointerException.class, () -> reactor.deferToThread(null));
        assertThrows(IllegalArgumentException.class, () -> new SelectReactor(0));
        assertEquals(0, reactor.getPendingTimerCount());
    }

    @Test
    void aBlockingOrClosedChannelIsRejectedAtTheCall() throws Exception {
        Pipe pipe = Pipe.open();
        try (Pipe.SourceChannel src = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            IllegalArgumentException blocking = assertThrows(IllegalArgumentException.class,
                    () -> reactor.addReader(src, ch -> { }));
            assertTrue(blocking.getMessage().contains("configureBlocking(false)"), blocking.getMessage());
            sink.close();
            IllegalArgumentException closed = assertThrows(IllegalArgumentException.class,
                    () -> reactor.addWriter(sink, ch -> { }));
            assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
        }
        assertEquals(Set.of(), reactor.getReaders());
    }
}
