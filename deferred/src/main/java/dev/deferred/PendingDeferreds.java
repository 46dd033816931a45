package dev.deferred;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every Deferred created while {@link Deferred#setDebugging(boolean) debugging} is on, held
 * weakly, so that {@link Deferred#dumpPending()} can list the ones still pending (Kotlin's
 * {@code DebugProbes.dumpCoroutines}, for Deferreds). Outside debug mode nothing is registered.
 */
final class PendingDeferreds {
    private PendingDeferreds() {}

    /** Weak, so a dropped Deferred is not kept alive by the registry; removed via QUEUE. */
    private static final Set<Entry> LIVE = ConcurrentHashMap.newKeySet();
    private static final ReferenceQueue<ChainState> QUEUE = new ReferenceQueue<>();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private static final class Entry extends WeakReference<ChainState> {
        final long order;

        Entry(ChainState d) {
            super(d, QUEUE);
            this.order = SEQUENCE.incrementAndGet();
        }
    }

    /** Called from the constructor of a Deferred created in debug mode. */
    static void register(ChainState d) {
        expunge();
        LIVE.add(new Entry(d));
    }

    private static void expunge() {
        for (Object e; (e = QUEUE.poll()) != null; ) {
            LIVE.remove(e);
        }
    }

    /** The dump: each live Deferred that has not fired or waits on another, oldest first. */
    static String dump() {
        expunge();
        List<Entry> entries = new ArrayList<>(LIVE);
        entries.sort(Comparator.comparingLong(e -> e.order));
        StringBuilder body = new StringBuilder();
        int count = 0;
        for (Entry e : entries) {
            ChainState d = e.get();
            String line = d == null ? null : ChainDescription.describePending(d);
            if (line != null) {
                count++;
                body.append(line).append('\n').append(ChainDescription.creationStack(d));
            }
        }
        String head = count + (count == 1 ? " pending Deferred" : " pending Deferreds")
                + " (created while debugging was on; oldest first)";
        return count == 0 ? head + "\n" : head + ":\n" + body;
    }
}
