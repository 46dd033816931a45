package dev.deferred.examples.kv;

import dev.deferred.Deferred;
import dev.deferred.net.protocol.LineReceiver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * The client side of the key-value protocol: {@link #ask} sends one command and returns a Deferred
 * of the server's answer line. Answers come back in order, so the pending Deferreds wait in a FIFO.
 *
 * <p>Threads: the protocol's methods run on the reactor's turn, and so must {@code ask}: on the
 * reactor thread, or in an inline-callbacks body that the reactor is resuming (the reactor waits
 * for the body meanwhile, so the two never overlap, the queue needs no lock, and the transport
 * accepts the write as it would from a callback).
 */
public final class KvClient extends LineReceiver {
    /** Requests sent and not answered yet, oldest first. */
    private final ArrayDeque<Deferred<String>> pending = new ArrayDeque<>();

    /** A client; connect it with {@code Endpoints.connectProtocol}, or to a {@code StringTransport}. */
    public KvClient() {
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
        sendLine(command);
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
