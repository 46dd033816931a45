package dev.deferred.net.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.net.protocol.IPv4Address;
import dev.deferred.net.protocol.Producer;
import dev.deferred.net.protocol.PushProducer;
import java.util.List;
import org.junit.jupiter.api.Test;

class StringTransportTest {

    private static final Producer PULL = new Producer() {
        @Override
        public void resumeProducing() {
        }

        @Override
        public void stopProducing() {
        }
    };

    private static final PushProducer PUSH = new PushProducer() {
        @Override
        public void pauseProducing() {
        }

        @Override
        public void resumeProducing() {
        }

        @Override
        public void stopProducing() {
        }
    };

    @Test
    void recordsWritesAndClears() {
        StringTransport t = new StringTransport();
        byte[] buf = "ab".getBytes(UTF_8);
        t.write(buf);
        buf[0] = 'X';   // the caller may reuse its buffer
        t.writeSequence(List.of("c".getBytes(UTF_8), "d".getBytes(UTF_8)));
        assertArrayEquals("abcd".getBytes(UTF_8), t.value());
        t.clear();
        assertEquals("", t.valueString());
    }

    @Test
    void loseConnectionOnlyMarksDisconnecting() {
        StringTransport t = new StringTransport();
        t.loseConnection();
        assertTrue(t.isDisconnecting());
        assertFalse(t.isAborting());
        t.write("late".getBytes(UTF_8));
        assertEquals("late", t.valueString());
    }

    @Test
    void abortMarksBothFlags() {
        StringTransport t = new StringTransport();
        t.abortConnection();
        assertTrue(t.isAborting());
        assertTrue(t.isDisconnecting());
    }

    @Test
    void aSecondProducerIsAnError() {
        StringTransport t = new StringTransport();
        t.registerProducer(PULL, false);
        assertSame(PULL, t.getProducer());
        assertFalse(t.isStreaming());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.registerProducer(PUSH, true));
        assertTrue(e.getMessage().contains("already registered"));
        t.unregisterProducer();
        assertNull(t.getProducer());
    }

    @Test
    void unregisteringWithoutAProducerIsAnError() {
        StringTransport t = new StringTransport();
        assertThrows(IllegalStateException.class, t::unregisterProducer);
    }

    @Test
    void aStreamingProducerMustBeAPushProducer() {
        StringTransport t = new StringTransport();
        assertThrows(IllegalArgumentException.class, () -> t.registerProducer(PULL, true));
        assertNull(t.getProducer());
    }

    @Test
    void producerStateFollowsPauseResumeStop() {
        StringTransport t = new StringTransport();
        assertEquals(StringTransport.ProducerState.PRODUCING, t.getProducerState());
        t.pauseProducing();
        assertEquals(StringTransport.ProducerState.PAUSED, t.getProducerState());
        t.resumeProducing();
        assertEquals(StringTransport.ProducerState.PRODUCING, t.getProducerState());
        t.stopProducing();
        assertEquals(StringTransport.ProducerState.STOPPED, t.getProducerState());
        assertThrows(IllegalStateException.class, t::resumeProducing);
    }

    @Test
    void addressesDefaultToTwistedsAndCanBeGiven() {
        assertEquals(new IPv4Address("10.0.0.1", 12345), new StringTransport().getHost());
        assertEquals(new IPv4Address("192.168.1.1", 54321), new StringTransport().getPeer());
        IPv4Address a = new IPv4Address("1.2.3.4", 5);
        assertEquals(a, new StringTransport(a, a).getPeer());
    }

    @Test
    void aPullProducerIsResumedAtRegistrationAndEachTimeTheTestReadsTheBuffer() {
        StringTransport t = new StringTransport();
        int[] resumes = {0};
        t.registerProducer(new Producer() {
            @Override
            public void resumeProducing() {
                resumes[0]++;
                t.write(("chunk " + resumes[0]).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }

            @Override
            public void stopProducing() {
            }
        }, false);
        assertEquals(1, resumes[0]);
        assertEquals("chunk 1", t.valueString());
        t.write(new byte[10]); // more writes do not drain anything
        assertEquals(1, resumes[0]);
        t.clear();
        assertEquals(2, resumes[0]);
        assertEquals("chunk 2", t.valueString());
    }

    @Test
    void aStreamingProducerIsPausedPastHighWaterAndResumedWhenTheTestReadsTheBuffer() {
        StringTransport t = new StringTransport();
        List<String> calls = new java.util.ArrayList<>();
        t.registerProducer(new PushProducer() {
            @Override
            public void pauseProducing() {
                calls.add("pause");
            }

            @Override
            public void resumeProducing() {
                calls.add("resume");
            }

            @Override
            public void stopProducing() {
                calls.add("stop");
            }
        }, true);
        t.write(new byte[64 * 1024]);
        assertEquals(List.of(), calls, "at the high-water mark, not past it");
        t.write(new byte[1]);
        t.write(new byte[1]);
        assertEquals(List.of("pause"), calls);
        t.clear();
        assertEquals(List.of("pause", "resume"), calls);
    }
}
