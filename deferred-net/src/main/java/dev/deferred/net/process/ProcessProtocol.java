package dev.deferred.net.process;

/**
 * The code that talks to one child process: Twisted's {@code ProcessProtocol}. Subclass it and
 * override the events you need; the {@link ProcessTransport} calls them on the reactor thread, one
 * at a time, whichever thread read the bytes.
 *
 * <p>Life cycle: {@link #makeConnection} then {@link #connectionMade()}; {@link #outReceived} and
 * {@link #errReceived} as the child writes (in order per stream; the order between the two streams
 * is the order in which they were read); {@link #inConnectionLost()},
 * {@link #outConnectionLost()} and {@link #errConnectionLost()} as each pipe closes;
 * {@link #processExited} when the child exits; and last {@link #processEnded} once it has exited
 * and all its pipes are closed. The reason is a {@link ProcessDoneException} for exit code 0 and a
 * {@link ProcessTerminatedException} (exit code or signal) otherwise.
 *
 * <pre>{@code
 * class Wc extends ProcessProtocol {
 *     final StringBuilder out = new StringBuilder();
 *     public void connectionMade() { transport.write("a b c\n".getBytes()); transport.closeStdin(); }
 *     public void outReceived(byte[] data) { out.append(new String(data)); }
 *     public void processEnded(Throwable reason) { System.out.println("wc says " + out.toString().trim()); }
 * }
 * processes.spawnProcess(new Wc(), List.of("wc", "-w"), null, null);
 * }</pre>
 */
public abstract class ProcessProtocol {

    /** The child's transport, set by {@link #makeConnection}; null before. Reactor thread only. */
    protected ProcessTransport transport;

    /** Creates an unconnected protocol. */
    protected ProcessProtocol() {
    }

    /**
     * Attaches the transport and calls {@link #connectionMade()}; {@code spawnProcess} calls it.
     *
     * @param transport the child process
     * @throws NullPointerException if {@code transport} is null
     * @throws IllegalStateException if this protocol is already attached to a process
     */
    public void makeConnection(ProcessTransport transport) {
        java.util.Objects.requireNonNull(transport, "transport");
        if (this.transport != null) {
            throw new IllegalStateException("process protocol " + this
                    + " already runs a process; build a new protocol per process");
        }
        this.transport = transport;
        connectionMade();
    }

    /** The process has started and {@link #transport} is set. Does nothing by default. */
    public void connectionMade() {
    }

    /**
     * Bytes arrived from the child on {@code childFD}: calls {@link #outReceived} for 1 and
     * {@link #errReceived} for 2.
     *
     * @param childFD 1 (stdout) or 2 (stderr)
     * @param data the bytes, never empty; the protocol's to keep
     */
    public void childDataReceived(int childFD, byte[] data) {
        if (childFD == 1) {
            outReceived(data);
        } else if (childFD == 2) {
            errReceived(data);
        }
    }

    /**
     * The child wrote to its standard output. Does nothing by default.
     *
     * @param data the bytes, never empty
     */
    public void outReceived(byte[] data) {
    }

    /**
     * The child wrote to its standard error. Does nothing by default.
     *
     * @param data the bytes, never empty
     */
    public void errReceived(byte[] data) {
    }

    /**
     * A pipe to the child closed: calls {@link #inConnectionLost()} for 0,
     * {@link #outConnectionLost()} for 1, {@link #errConnectionLost()} for 2.
     *
     * @param childFD the child's descriptor
     */
    public void childConnectionLost(int childFD) {
        switch (childFD) {
            case 0 -> inConnectionLost();
            case 1 -> outConnectionLost();
            case 2 -> errConnectionLost();
            default -> {
            }
        }
    }

    /** The child's standard input is closed (by {@code closeStdin}, by the child, or at its exit). */
    public void inConnectionLost() {
    }

    /** The child's standard output reached its end. */
    public void outConnectionLost() {
    }

    /** The child's standard error reached its end. */
    public void errConnectionLost() {
    }

    /**
     * The child exited; its pipes may still be open (a grandchild may hold them). Does nothing by
     * default.
     *
     * @param reason a {@link ProcessDoneException} or a {@link ProcessTerminatedException}
     */
    public void processExited(Throwable reason) {
    }

    /**
     * The child exited and all its pipes are closed: the last event. Does nothing by default.
     *
     * @param reason a {@link ProcessDoneException} or a {@link ProcessTerminatedException}
     */
    public void processEnded(Throwable reason) {
    }

    /**
     * The transport, or null before {@link #makeConnection}.
     *
     * @return the transport
     */
    public ProcessTransport getTransport() {
        return transport;
    }
}
