package dev.deferred.net.tcp;

import static dev.deferred.net.tcp.LoopbackReactor.get;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.ListeningPort;
import org.junit.jupiter.api.Test;

/** The connect timeout of an endpoint string, on loopback. */
class TcpConnectTimeoutTest {

    @Test
    void aTimeoutTooLongToCountInNanosecondsDoesNotTimeOutAtOnce() throws Exception {
        // timeout=1e10 seconds (317 years) is more nanoseconds than a long holds: it must mean
        // "practically never", not wrap around into a deadline in the past.
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ListeningPort port = lr.call(() -> lr.tcp.listenTCP(0, Factory.forProtocol(Echo::new), 50, "127.0.0.1"));
            int p = ((IPAddress) port.getHost()).port();
            Collector c = lr.await(() -> Endpoints.connectProtocol(
                    Endpoints.clientFromString(lr.tcp, "tcp:host=127.0.0.1:port=" + p + ":timeout=1e10"),
                    new Collector(new byte[0], 0)));
            assertNotNull(lr.call(c::getTransport), "connected");
            lr.call(() -> {
                c.getTransport().loseConnection();
                return null;
            });
            get(c.lost);
            lr.await(port::stopListening);
        }
    }
}
