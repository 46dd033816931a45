package dev.deferred.examples.kv;

import dev.deferred.Deferred;
import dev.deferred.reactor.Reactor;
import dev.deferred.reactor.protocol.LineReceiver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * The client side of the key-value protocol: {@link #ask} sends one command and returns a Deferred
 * of the server's answer line. Answers come back in order, so the pending Deferreds wait in a FIFO.
 *
 * <p>Threads: the protocol's methods run on the reactor thread. {@code ask} may also be called by
 * an inline-callbacks body that the reactor is resuming: the reactor thread waits meanwhile, so the
 * two never overlap and the queue needs no lock. On the virtual-thread mechanism that body runs on
 * its own virtual thread, though, and transports accept writes only on the reactor thread, so
 * {@code ask} hands the write to the reactor with {@code callFromThread} when it is elsewhere.
 */
public final class KvClient extends LineReceiver {
    /** Requests sent and not answered yet, oldest first. */
    private final ArrayDeque<Deferred<String>> pending = new ArrayDeque<>();

    private final Reactor reactor;

    /**
     * A client that writes directly: for tests with a {@code StringTransport}, and for code that
     * only calls {@link #ask} on the reactor thread.
     */
    public KvClient() {
        this(null);
    }

    /**
     * A client; connect it with {@code Endpoints.connectProtocol}.
     *
     * @param reactor the reactor its connection runs on; {@link #ask} hands writes to it when
     *     called on another thread
     */
    public KvClient(Reactor reactor) {
        this.reactor = reactor;
        setDelimiter(new byte[] {'\n'});
    }

    /**
     * Sends {@code command} and returns its answer. Cancelling the answer (a timeout does) hangs
     * up: later answers could no longer be matched to their questions.
     *
     * @param command one line, e.g. {@code "GET hits"}
     * @return fires with the answer line, or fails with the reason the connection was lost
     */
    public Deferred<String> ask(String command) {
        Deferred<String> answer = new Deferred<>(cancelled -> transport.loseConnection());
        pending.add(answer);
        if (reactor == null || reactor.isInReactorThread()) {
            sendLine(command);
        } else {
            reactor.callFromThread(() -> sendLine(command));
        }
        return answer;
    }

    @Override
    protected void lineReceived(byte[] line) {
        Deferred<String> answer = pending.poll();
        if (answer != null && !answer.isCalled()) {
            answer.callback(new String(line, StandardCharsets.UTF_8).strip());
        }
    }

    @Override
    public void connectionLost(Throwable reason) {
        for (Deferred<String> answer; (answer = pending.poll()) != null; ) {
            if (!answer.isCalled()) {
                answer.errback(reason);
            }
        }
    }
}
