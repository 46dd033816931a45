package dev.deferred.net.protocol;

/**
 * One outgoing connection (attempt), as returned by {@code connectTCP}: Twisted's
 * {@code IConnector}. It can be stopped while connecting, disconnected once connected, and
 * started again (reconnecting) from {@link ClientFactory#clientConnectionFailed} or
 * {@link ClientFactory#clientConnectionLost}. Use it on the reactor thread.
 */
public interface Connector {

    /** Where the connector is. */
    enum State {
        /** Not connected and not trying. */
        DISCONNECTED,
        /** An attempt is under way. */
        CONNECTING,
        /** Connected; the protocol is running. */
        CONNECTED
    }

    /**
     * Starts a new attempt.
     *
     * @throws IllegalStateException if already connecting or connected
     */
    void connect();

    /**
     * Cancels the attempt under way: the factory's {@link ClientFactory#clientConnectionFailed}
     * gets a {@link ConnectingCancelledException}.
     *
     * @throws IllegalStateException if not connecting
     */
    void stopConnecting();

    /**
     * Stops connecting, or closes the connection ({@link Transport#loseConnection()}) if connected.
     * Does nothing when disconnected.
     */
    void disconnect();

    /**
     * Where it connects to.
     *
     * @return the destination
     */
    Address getDestination();

    /**
     * The current state.
     *
     * @return disconnected, connecting or connected
     */
    State getState();
}
