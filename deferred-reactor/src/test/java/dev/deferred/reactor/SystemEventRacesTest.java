package dev.deferred.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * callWhenRunning (and addSystemEventTrigger) from another thread while the reactor starts: a
 * registration that saw the reactor as new must land before the startup event fires. The race is
 * forced through the reactor's test seam, which holds the registration inside its critical
 * section until the starting loop thread is either blocked waiting for it (the fix) or has finished
 * the startup event (the bug: the trigger lands in an event that has already fired).
 */
class SystemEventRacesTest {

    @Test
    void callWhenRunningThatRacesTheStartIsNotLost() throws Exception {
        SelectReactor reactor = new SelectReactor();
        CountDownLatch startupDone = new CountDownLatch(1);
        reactor.callWhenRunning(() -> reactor.callFromThread(startupDone::countDown));
        Thread loop = new Thread(reactor::run, "loop");
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch inSection = new CountDownLatch(1);
        Thread registrar = new Thread(() -> reactor.callWhenRunning(() -> ran.add("registered while starting")), "registrar");
        reactor.beforeRunRegistrationHook = () -> {
            if (Thread.currentThread() != registrar) {
                return;
            }
            inSection.countDown();
            while (startupDone.getCount() > 0 && loop.getState() != Thread.State.BLOCKED) {
                Thread.onSpinWait();
            }
        };
        registrar.start();
        inSection.await();
        loop.start();
        registrar.join();
        startupDone.await();
        reactor.callFromThread(reactor::stop);
        loop.join(TimeUnit.SECONDS.toMillis(ReactorThread.BOUND_SECONDS));
        assertFalse(loop.isAlive());
        assertEquals(List.of("registered while starting"), ran);
    }
}
