package dev.deferred.net.endpoint;

import dev.deferred.Deferred;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.unix.ReactorUNIX;
import java.time.Duration;
import java.util.Objects;

/**
 * A client endpoint to a UNIX-domain socket file (Twisted's {@code UNIXClientEndpoint}).
 *
 * <pre>{@code
 * Endpoints.connectProtocol(new UNIXClientEndpoint(unix, "/tmp/echo.sock"), new Greeter());
 * }</pre>
 */
public final class UNIXClientEndpoint implements ClientEndpoint {
    private final ReactorUNIX reactor;
    private final String path;
    private final Duration timeout;
    private final boolean checkPID;

    /**
     * Connects to {@code path} with a 30-second timeout and no lock check.
     *
     * @param reactor the reactor to connect with
     * @param path the socket file
     */
    public UNIXClientEndpoint(ReactorUNIX reactor, String path) {
        this(reactor, path, Duration.ofSeconds(30), false);
    }

    /**
     * Connects to {@code path}; see {@link ReactorUNIX#connectUNIX}.
     *
     * @param reactor the reactor to connect with
     * @param path the socket file
     * @param timeout how long an attempt may take, positive
     * @param checkPID fail unless a live process holds the server's lock file
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public UNIXClientEndpoint(ReactorUNIX reactor, String path, Duration timeout, boolean checkPID) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.path = Objects.requireNonNull(path, "path");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
        this.checkPID = checkPID;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Call it on the reactor thread (or before the reactor runs); the Deferred fires on the
     * reactor thread.
     */
    @Override
    public Deferred<Protocol> connect(Factory factory) {
        return TcpClientConnect.connect(f -> reactor.connectUNIX(path, f, timeout, checkPID), factory);
    }

    @Override
    public String toString() {
        return "UNIXClientEndpoint[" + path + "]";
    }
}
