package dev.deferred.net.endpoint;

import dev.deferred.Deferred;
import dev.deferred.net.protocol.ClientFactory;
import dev.deferred.net.protocol.Connector;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.tcp.ReactorTCP;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/** The connect logic the TCP and UNIX client endpoints share. */
final class TcpClientConnect {
    private TcpClientConnect() {
    }

    static Deferred<Protocol> connect(ReactorTCP reactor, String host, int port, Duration timeout,
            InetSocketAddress bindAddress, Factory factory) {
        return connect(f -> reactor.connectTCP(host, port, f, timeout, bindAddress), factory);
    }

    /**
     * Connects with {@code start} (a reactor's connect call given the wrapping factory), firing the
     * result with the protocol or the failure; shared by the TCP and UNIX client endpoints.
     */
    static Deferred<Protocol> connect(Function<ClientFactory, Connector> start, Factory factory) {
        Objects.requireNonNull(factory, "factory");
        Connector[] connector = new Connector[1];
        Deferred<Protocol> result = new Deferred<>(d -> {
            // Cancelling after the protocol was handed over does nothing: the Deferred has fired.
            Connector c = connector[0];
            if (c != null && c.getState() == Connector.State.CONNECTING) {
                c.stopConnecting(); // fails the Deferred with ConnectingCancelledException
            }
        });
        try {
            connector[0] = start.apply(new WrappingClientFactory(factory, result));
        } catch (RuntimeException e) {
            if (!result.isCalled()) {
                result.errback(e);
            }
        }
        return result;
    }

    static void checkPort(int port, int min) {
        if (port < min || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside " + min + "..65535");
        }
    }
}
