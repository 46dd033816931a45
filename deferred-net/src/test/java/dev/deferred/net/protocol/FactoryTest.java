package dev.deferred.net.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FactoryTest {

    static final class Counting extends Factory {
        final List<String> events = new ArrayList<>();

        Counting() {
            super(() -> new Protocol() { });
        }

        @Override
        protected void startFactory() {
            events.add("start");
        }

        @Override
        protected void stopFactory() {
            events.add("stop");
        }
    }

    @Test
    void buildProtocolUsesTheSupplierAndSetsTheFactory() {
        Factory f = Factory.forProtocol(() -> new Protocol() { });
        Protocol p = f.buildProtocol(new IPv4Address("127.0.0.1", 1));
        assertSame(f, p.getFactory());
    }

    @Test
    void aSupplierReturningNullRefuses() {
        Factory f = Factory.forProtocol(() -> null);
        assertNull(f.buildProtocol(new IPv4Address("127.0.0.1", 1)));
    }

    @Test
    void startRunsOnTheFirstPortAndStopOnTheLast() {
        Counting f = new Counting();
        f.doStart();
        f.doStart();
        assertEquals(List.of("start"), f.events);
        f.doStop();
        assertEquals(List.of("start"), f.events);
        f.doStop();
        assertEquals(List.of("start", "stop"), f.events);
        f.doStart();
        assertEquals(List.of("start", "stop", "start"), f.events);
        assertEquals(1, f.getNumPorts());
    }

    @Test
    void unbalancedStopIsAnError() {
        Counting f = new Counting();
        assertThrows(IllegalStateException.class, f::doStop);
    }

    @Test
    void aFactoryWithoutSupplierMustOverrideBuildProtocol() {
        Factory f = new Factory() { };
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> f.buildProtocol(new IPv4Address("127.0.0.1", 1)));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("override buildProtocol"));
    }
}
