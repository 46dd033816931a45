package dev.deferred.reactor;

import dev.deferred.Deferred;
import dev.deferred.ErrorLog;
import dev.deferred.Failures;
import io.vavr.CheckedFunction0;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.slf4j.Logger;

/**
 * The system event triggers of a reactor (Twisted's {@code _ThreePhaseEvent}): per event name,
 * "before" triggers (which may return Deferreds the event waits for), then "during", then "after".
 * As in Twisted 22.4, every trigger is used up when its event fires: firing the same event again
 * runs only the triggers added since (a "before" trigger added during the "before" phase still runs
 * in this firing).
 *
 * <p>Not thread-safe: used only on the reactor thread (the reactor marshals calls from other
 * threads). {@code reactorThread} is how a "before" Deferred that fires on another thread gets the
 * event going again on the reactor thread.
 */
final class SystemEvents {
    private static final Logger log = ErrorLog.logger(SystemEvents.class);

    static final class Trigger {
        final Phase phase;
        final String eventType;
        final CheckedFunction0<?> fn;

        Trigger(Phase phase, String eventType, CheckedFunction0<?> fn) {
            this.phase = phase;
            this.eventType = eventType;
            this.fn = fn;
        }

        @Override
        public String toString() {
            return "SystemEventTrigger[" + phase + " " + eventType + ", " + fn + "]";
        }
    }

    private static final class Event {
        final List<Trigger> before = new ArrayList<>();
        final List<Trigger> during = new ArrayList<>();
        final List<Trigger> after = new ArrayList<>();
        boolean firing;

        List<Trigger> list(Phase p) {
            return switch (p) {
                case BEFORE -> before;
                case DURING -> during;
                case AFTER -> after;
            };
        }
    }

    private final Map<String, Event> events = new HashMap<>();
    private final Executor reactorThread;

    SystemEvents(Executor reactorThread) {
        this.reactorThread = reactorThread;
    }

    Trigger add(Phase phase, String eventType, CheckedFunction0<?> fn) {
        Trigger t = new Trigger(phase, eventType, fn);
        events.computeIfAbsent(eventType, k -> new Event()).list(phase).add(t);
        return t;
    }

    void remove(Object handle) {
        if (!(handle instanceof Trigger t)) {
            throw new IllegalArgumentException("removeSystemEventTrigger: " + handle
                    + " is not a handle returned by addSystemEventTrigger or callWhenRunning");
        }
        Event e = events.get(t.eventType);
        if (e == null || !e.list(t.phase).remove(t)) {
            throw new IllegalArgumentException("removeSystemEventTrigger: " + t
                    + " was already removed or has already run");
        }
    }

    /**
     * Fires {@code eventType}; {@code whenDone} (may be null) runs after its "after" triggers, at
     * once if nothing waits, else on the reactor thread once the "before" Deferreds have fired.
     */
    void fire(String eventType, Runnable whenDone) {
        Event e = events.get(eventType);
        if (e == null) {
            if (whenDone != null) {
                whenDone.run();
            }
            return;
        }
        if (e.firing) {
            log.warn("System event '{}' fired while it is already firing; ignored", eventType);
            return;
        }
        e.firing = true;
        List<Deferred<?>> waits = new ArrayList<>();
        // A "before" trigger may add more "before" triggers, which run in this firing.
        while (!e.before.isEmpty()) {
            Object r = call(e.before.remove(0));
            if (r instanceof Deferred<?> d) {
                waits.add(d);
            }
        }
        if (waits.isEmpty()) {
            finish(e, whenDone);
            return;
        }
        int[] pending = {waits.size()};
        for (Deferred<?> d : waits) {
            d.addBoth(result -> {
                if (result.isFailure()) {
                    log.error("A 'before {}' system event trigger failed", eventType, result.getCause());
                }
                reactorThread.execute(() -> {
                    if (--pending[0] == 0) {
                        finish(e, whenDone);
                    }
                });
                return null;
            });
        }
    }

    private void finish(Event e, Runnable whenDone) {
        try {
            for (List<Trigger> phase : List.of(e.during, e.after)) {
                while (!phase.isEmpty()) {
                    call(phase.remove(0));
                }
            }
        } finally {
            e.firing = false;
        }
        if (whenDone != null) {
            whenDone.run();
        }
    }

    private static Object call(Trigger t) {
        try {
            return Objects.requireNonNullElse(t.fn.apply(), "");
        } catch (Throwable ex) {
            Failures.rethrowIfEndsLoop(ex); // the one policy: anything else is logged and the loop goes on
            log.error("System event trigger {} threw", t, ex);
            return null;
        }
    }
}
