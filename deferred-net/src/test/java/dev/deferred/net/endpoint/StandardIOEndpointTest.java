package dev.deferred.net.endpoint;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.deferred.net.protocol.ConnectionDoneException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.LineReceiver;
import dev.deferred.net.protocol.NoProtocolException;
import dev.deferred.net.protocol.PipeAddress;
import dev.deferred.reactor.SelectReactor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A protocol over a pair of blocking streams (stdin/stdout in production), on a real reactor. */
class StandardIOEndpointTest {

    /** Answers each line in upper case; records which thread it ran on and how it ended. */
    static final class Upper extends LineReceiver {
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();
        final SelectReactor reactor;
        volatile boolean alwaysOnReactorThread = true;

        Upper(SelectReactor reactor) {
            this.reactor = reactor;
            setDelimiter("\n".getBytes(UTF_8));
        }

        @Override
        protected void lineReceived(byte[] line) {
            alwaysOnReactorThread &= reactor.isInReactorThread();
            sendLine(new String(line, UTF_8).toUpperCase(Locale.ROOT));
        }

        @Override
        public void connectionLost(Throwable reason) {
            lost.complete(reason);
        }
    }

    @Test
    void linesInAnswersOutInOrderAndEndOfInputClosesAfterTheWrites() throws Exception {
        StringBuilder input = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            input.append("line ").append(i).append('\n');
            expected.append("LINE ").append(i).append('\n');
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SelectReactor reactor = new SelectReactor();
        Upper protocol = new Upper(reactor);
        Thread loop = new Thread(reactor::run, "stdio-test-reactor");
        loop.setDaemon(true);
        try {
            CompletableFuture<Object> port = new CompletableFuture<>();
            reactor.callWhenRunning(() -> new StandardIOEndpoint(reactor,
                    new ByteArrayInputStream(input.toString().getBytes(UTF_8)), out)
                    .listen(Factory.forProtocol(() -> protocol))
                    .addBoth(r -> port.complete(r.isSuccess() ? r.get().getHost() : r.getCause())));
            loop.start();
            assertEquals(new PipeAddress(), port.get(30, TimeUnit.SECONDS));
            assertInstanceOf(ConnectionDoneException.class, protocol.lost.get(30, TimeUnit.SECONDS));
            assertEquals(expected.toString(), out.toString(UTF_8), "every answer was written before the close");
            assertEquals(true, protocol.alwaysOnReactorThread);
        } finally {
            reactor.callFromThread(reactor::stop);
            loop.join(30_000);
            assertFalse(loop.isAlive());
        }
    }

    @Test
    void aFactoryReturningNullFailsTheListen() throws Exception {
        SelectReactor reactor = new SelectReactor();
        Throwable[] failure = new Throwable[1];
        new StandardIOEndpoint(reactor, new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream())
                .listen(Factory.forProtocol(() -> null))
                .addErrback(t -> {
                    failure[0] = t;
                    return null;
                });
        assertInstanceOf(NoProtocolException.class, failure[0]);
    }
}
