package dev.deferred.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.FatalErrorException;
import dev.deferred.testsupport.LogCapture;
import io.vavr.control.Try;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The reactor applies the one fatal-error policy (dev.deferred.Failures) to the user code it runs. */
class SelectReactorFatalErrorsTest {

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS);
    }

    /** Still serving: a call handed to the loop runs. */
    private static void assertServing(ReactorThread rt) throws Exception {
        CompletableFuture<String> ran = new CompletableFuture<>();
        rt.reactor.callFromThread(() -> ran.complete("ran"));
        assertEquals("ran", get(ran));
        assertTrue(rt.thread.isAlive());
    }

    @Test
    void aLinkageErrorFromADeferToThreadFunctionFollowedByAddBothLeavesTheReactorRunning() throws Exception {
        try (LogCapture quiet = LogCapture.all(); ReactorThread rt = new ReactorThread()) {
            NoClassDefFoundError cause = new NoClassDefFoundError("com/example/Lazy");
            CompletableFuture<Try<Object>> seen = new CompletableFuture<>();
            rt.reactor.callFromThread(() -> rt.reactor.deferToThread(() -> {
                throw cause;
            }).addBoth(t -> {
                seen.complete(t);
                return null;
            }));
            Try<Object> t = get(seen);
            assertSame(cause, assertInstanceOf(FatalErrorException.class, t.getCause()).getCause());
            assertServing(rt);
        }
    }

    @Test
    void anInterruptedExceptionFromADeferToThreadFunctionFiresItsDeferredWithAWrappedFailure() throws Exception {
        try (ReactorThread rt = new ReactorThread()) {
            InterruptedException cause = new InterruptedException("asked to stop");
            CompletableFuture<Throwable> failed = new CompletableFuture<>();
            rt.reactor.callFromThread(() -> rt.reactor.deferToThread(() -> {
                throw cause;
            }).addBoth(t -> {
                failed.complete(t.getCause());
                return null;
            }));
            assertSame(cause, assertInstanceOf(FatalErrorException.class, get(failed)).getCause());
            assertServing(rt);
        }
    }

    @Test
    void aStackOverflowErrorFromACallFromThreadIsLoggedAndTheLoopGoesOn() throws Exception {
        try (LogCapture logs = LogCapture.all(); ReactorThread rt = new ReactorThread()) {
            rt.reactor.callFromThread(SelectReactorFatalErrorsTest::recurse);
            assertServing(rt);
            assertTrue(logs.events.stream().anyMatch(e -> e.getThrowableProxy() != null
                    && e.getThrowableProxy().getClassName().equals(StackOverflowError.class.getName())), "logged");
        }
    }

    private static int recurse() {
        return recurse() + 1;
    }

    @Test
    void anOutOfMemoryErrorEndsTheLoopButTheShutdownTriggersRun() throws Exception {
        try (LogCapture quiet = LogCapture.all()) {
            SelectReactor reactor = new SelectReactor();
            CompletableFuture<String> during = new CompletableFuture<>();
            CompletableFuture<String> after = new CompletableFuture<>();
            reactor.addSystemEventTrigger(Phase.DURING, "shutdown", () -> during.complete("during"));
            reactor.addSystemEventTrigger(Phase.AFTER, "shutdown", () -> after.complete("after"));
            ReactorThread rt = new ReactorThread(reactor);
            OutOfMemoryError oom = new OutOfMemoryError("test");
            reactor.callFromThread(() -> {
                throw oom;
            });
            rt.join();
            assertSame(oom, rt.crashed.get(), "run() ends with the error");
            assertEquals("during", get(during));
            assertEquals("after", get(after));
            assertFalse(reactor.isRunning());
        }
    }
}
