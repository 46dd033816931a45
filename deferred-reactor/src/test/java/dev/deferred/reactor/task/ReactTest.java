package dev.deferred.reactor.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.deferred.Deferred;
import dev.deferred.reactor.SelectReactor;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Tasks.react (Twisted's task.react) on a real SelectReactor, run on the test's thread. */
class ReactTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(Tasks.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
    }

    private List<ILoggingEvent> errors() {
        List<ILoggingEvent> out = new ArrayList<>();
        for (ILoggingEvent e : appender.list) {
            if (e.getLevel() == Level.ERROR) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void aSucceedingMainIsStatusZeroAndTheReactorHasStopped() {
        AtomicReference<SelectReactor> seen = new AtomicReference<>();
        List<Boolean> onLoop = new ArrayList<>();
        int status = Tasks.react(reactor -> {
            seen.set(reactor);
            onLoop.add(reactor.isRunning() && reactor.isInReactorThread());
            return Tasks.deferLater(reactor, Duration.ofMillis(1), () -> "done");
        });
        assertEquals(0, status);
        assertEquals(List.of(true), onLoop, "main runs on the running reactor's thread");
        assertFalse(seen.get().isRunning(), "react returns once the reactor has stopped");
        assertEquals(List.of(), errors());
    }

    @Test
    void aFailingDeferredIsStatusOneAndTheFailureIsLogged() {
        IOException boom = new IOException("could not fetch");
        int status = Tasks.react(reactor -> Tasks.deferLater(reactor, Duration.ZERO, () -> {
            throw boom;
        }));
        assertEquals(1, status);
        List<ILoggingEvent> errors = errors();
        assertEquals(1, errors.size());
        assertEquals("main function encountered error", errors.get(0).getMessage());
        assertSame(boom, ((ch.qos.logback.classic.spi.ThrowableProxy) errors.get(0).getThrowableProxy()).getThrowable());
    }

    @Test
    void aMainThatThrowsOrReturnsNullIsStatusOne() {
        assertEquals(1, Tasks.react(reactor -> {
            throw new IllegalStateException("bad arguments");
        }));
        assertEquals(1, Tasks.react(reactor -> null));
        assertEquals(2, errors().size());
        assertTrue(errors().get(1).getThrowableProxy().getMessage().contains("main returned null"));
    }

    @Test
    void aDeferredFiredFromAnotherThreadStopsTheReactorToo() {
        int status = Tasks.react(reactor -> {
            Deferred<String> d = new Deferred<>();
            Thread.ofPlatform().start(() -> d.callback("from elsewhere"));
            return d;
        });
        assertEquals(0, status);
    }

    @Test
    void aMainThatStopsTheReactorItselfIsNotAnError() {
        int status = Tasks.react(reactor -> {
            reactor.stop();
            return Deferred.succeed(null);
        });
        assertEquals(0, status);
        assertEquals(List.of(), errors());
    }

    @Test
    void aGivenReactorIsRunAndStopped() {
        SelectReactor reactor = new SelectReactor(1);
        assertEquals(0, Tasks.react(reactor, r -> Deferred.succeed(r == reactor)));
        assertFalse(reactor.isRunning());
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThrows(NullPointerException.class, () -> Tasks.react(null));
        assertThrows(NullPointerException.class, () -> Tasks.react(new SelectReactor(1), null));
        assertThrows(NullPointerException.class, () -> Tasks.react(null, r -> Deferred.succeed(0)));
    }
}
