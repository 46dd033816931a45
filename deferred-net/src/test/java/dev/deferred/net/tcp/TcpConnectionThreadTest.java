package dev.deferred.net.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.endpoint.TCP4ClientEndpoint;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.PushProducer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 18 item 17: every TcpConnection method but getHost/getPeer refuses a call from another
 * thread while the reactor runs (docs/threading.md), including the TCP-specific ones.
 */
class TcpConnectionThreadTest {

    @Test
    void everyMethodRefusesAnotherThreadWhileTheReactorRuns() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ListeningPort port = lr.call(() -> lr.tcp.listenTCP(0, Factory.forProtocol(Echo::new), 50, "127.0.0.1"));
            Collector client = new Collector(new byte[0], 1);
            lr.await(() -> Endpoints.connectProtocol(
                    new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", ((IPAddress) port.getHost()).port()), client));
            TcpConnection c = (TcpConnection) client.getTransport();
            PushProducer idle = new PushProducer() {
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
            Map<String, Executable> calls = new LinkedHashMap<>();
            calls.put("write", () -> c.write(new byte[1]));
            calls.put("writeSequence", () -> c.writeSequence(java.util.List.of(new byte[1])));
            calls.put("setTcpNoDelay", () -> c.setTcpNoDelay(true));
            calls.put("setKeepAlive", () -> c.setKeepAlive(true));
            calls.put("setOption", () -> c.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4096));
            calls.put("getOption", () -> c.getOption(java.net.StandardSocketOptions.SO_SNDBUF));
            calls.put("setWriteBufferWaterMarks", () -> c.setWriteBufferWaterMarks(1, 2));
            calls.put("getBufferedBytes", c::getBufferedBytes);
            calls.put("isDisconnecting", c::isDisconnecting);
            calls.put("registerProducer", () -> c.registerProducer(idle, true));
            calls.put("unregisterProducer", c::unregisterProducer);
            calls.put("pauseProducing", c::pauseProducing);
            calls.put("resumeProducing", c::resumeProducing);
            calls.put("loseWriteConnection", c::loseWriteConnection);
            calls.put("stopProducing", c::stopProducing);
            calls.put("loseConnection", c::loseConnection);
            calls.put("abortConnection", c::abortConnection);
            for (Map.Entry<String, Executable> e : calls.entrySet()) {
                IllegalStateException x = assertThrows(IllegalStateException.class, e.getValue(), e.getKey());
                assertTrue(x.getMessage().contains("reactor thread"), e.getKey() + ": " + x.getMessage());
            }
            assertEquals(port.getHost(), c.getPeer()); // fixed values: any thread
            assertEquals(0L, (long) lr.call(c::getBufferedBytes));
        }
    }
}
