package dev.deferred;

import io.vavr.CheckedFunction1;

/**
 * Code that waits on Deferreds and reads straight down: Twisted's {@code @inlineCallbacks}.
 *
 * <pre>{@code
 * Deferred<Integer> length = InlineCallbacks.run(co -> {
 *     String page;
 *     try {
 *         page = co.await(fetch(url));          // suspends here until fetch(url) fires
 *     } catch (IOException e) {                 // its failure is thrown here, with its own type
 *         page = co.await(fetch(mirror));
 *     }
 *     return page.length();                     // fires `length`
 * });
 * }</pre>
 *
 * <h2>What runs when</h2>
 * <ul>
 *   <li>{@link #run} calls the body at once, on the caller's turn. It runs until its first
 *       {@link Coroutine#await await} of a Deferred that has not fired yet; {@code run} then returns
 *       the body's Deferred, unfired. A body that never waits on an unfired Deferred has finished,
 *       and fired its Deferred, by the time {@code run} returns.</li>
 *   <li>An await of a Deferred that already has a result does not suspend: it returns the value or
 *       throws the failure at once. A loop of a million such awaits uses no extra stack.</li>
 *   <li>When an awaited Deferred fires, the body resumes <em>inside</em> that firing: it runs to its
 *       next await of an unfired Deferred (or its end) before the {@code callback()} or
 *       {@code errback()} that fired it returns. So the body and the code that fires its Deferreds
 *       never run at the same time, and a body whose Deferreds are fired by a reactor behaves like
 *       a callback on the reactor thread: it needs no locks. (One race between threads: if the
 *       Deferred fires on another thread while the body is still on its way to suspending, the
 *       body does not suspend but goes on where it is, and that {@code callback()} returns at
 *       once.)</li>
 *   <li>A failure is thrown at the await as the very object the Deferred failed with, so
 *       {@code try/catch} around the await handles it, and the body can go on.</li>
 *   <li>The awaited Deferred is consumed, as chaining consumes a Deferred returned from a callback:
 *       it is left holding {@code null}, and its failure, thrown into the body, is never reported
 *       as unhandled.</li>
 *   <li>The body's return value fires the returned Deferred; an exception it lets escape fails it.
 *       Returning a Deferred is an error ({@link IllegalArgumentException}): return
 *       {@code co.await(d)} to finish with its result. Fatal errors ({@link VirtualMachineError},
 *       {@link LinkageError}, {@link InterruptedException}) are not turned into failures: they
 *       propagate out of the {@code run}, {@code callback} or {@code cancel} call that was running
 *       the body, as the core does for callbacks.</li>
 *   <li>{@code cancel()} on the returned Deferred cancels the Deferred the body is waiting on; the
 *       {@link java.util.concurrent.CancellationException} that gives is thrown at the await (a
 *       canceller that calls back instead resumes the body with that value). A body that catches it
 *       goes on, and the returned Deferred stays unfired until the body ends. A second
 *       {@code cancel()} cancels whatever the body waits on then. A {@code cancel()} on another
 *       thread racing the body's end gives either the body's outcome or the cancellation, once.</li>
 *   <li>Bodies nest: a body may await another {@code run}'s Deferred, to any depth; a chain of
 *       nested bodies that all finish at once unwinds in bounded stack.</li>
 * </ul>
 *
 * <h2>Threads and thread-locals</h2>
 * The body's code runs, slice by slice, on the thread whose turn it is: the thread that called
 * {@code run} up to the first suspension, then, after each await of an unfired Deferred, the thread
 * that fired that Deferred. How that is done depends on the build and the JVM:
 * <ul>
 *   <li><b>Woven</b> (recommended; the class was processed at build time by {@code deferred-weaver},
 *       no JVM flag; see {@code docs/threading.md}): the body is a state machine that saves its live
 *       variables at an await of an unfired Deferred and returns; the {@code callback()} that fires
 *       it calls the body back at that point. The body runs on the firing thread itself, like a
 *       callback: {@code Thread.currentThread()} and its {@link ThreadLocal}s are that thread's, a
 *       lock that thread holds is re-entered, no scheduler is involved. Only the body's own code is
 *       woven: an await of an unfired Deferred in a method the body calls with its handle throws
 *       {@link IllegalStateException} (the weaver warns about such methods).</li>
 *   <li>Bodies that are not woven run on the mechanism {@link #mechanism()} names:</li>
 *   <li><b>Continuations</b> (experimental, opt-in with
 *       {@code -Ddev.deferred.inlineCallbacks.continuations=true}: C2-compiled code resumed on
 *       another platform thread may see a stale {@code Thread.currentThread()}; on JDK 24 or newer
 *       started with {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}, or {@code =dev.deferred} when the
 *       library is on the module path; an application started with {@code java -jar} can put
 *       {@code Add-Exports: java.base/jdk.internal.vm} in its JAR manifest instead): the body's
 *       frames are moved onto
 *       the firing thread itself. {@code Thread.currentThread()} inside the body is that thread, and
 *       {@link ThreadLocal}s read there are that thread's: a value set before an await may be gone
 *       after it. A suspend and resume costs about a tenth of a microsecond.</li>
 *   <li><b>Virtual threads</b> (the default, with no JVM flag): the body runs on a virtual thread of
 *       its own, and the firing thread waits while the body runs its slice, then goes on.
 *       {@code Thread.currentThread()} is the body's thread and its {@code ThreadLocal}s are the
 *       body's own: they survive awaits, but the caller's are not visible. The body still acts for
 *       the thread that drives it: {@link #drivingThread()} names that thread, and a reactor counts
 *       a body it is resuming as running on its own turn ({@code isOnReactorTurn()}), though not
 *       on its thread ({@code isInReactorThread()} is false there). Both sides spin briefly before they park,
 *       so a resume costs under a microsecond when Deferreds are fired one after another,
 *       from any thread; a body whose awaits are resumed later than the spin window (20 &micro;s,
 *       {@code -Ddev.deferred.inlineCallbacks.spinNanos}, 0 for none) learns to park at once, and
 *       its resumes then take about ten microseconds. The body's thread is scheduled by the JDK:
 *       when CPU-bound virtual threads hold every carrier, a resume waits for one of them (see
 *       {@code docs/threading.md}).</li>
 *   <li><b>Carrier</b> (opt-in, {@code -Ddev.deferred.inlineCallbacks.carrier=true} with
 *       {@code --add-opens java.base/java.lang=ALL-UNNAMED}, or {@code =dev.deferred} on the module
 *       path): as on virtual threads, the body has a virtual thread of its own, but its scheduler is
 *       the library's and the platform thread that resumes the body runs that thread itself, on its
 *       own stack: no JDK scheduler to wait for, no second OS thread, no spinning. A body awaiting
 *       inside a class initializer (its thread pinned) blocks the thread that drove it until the
 *       Deferred fires; an interrupt of the firing thread that lands while the body runs on it may be
 *       cleared by the JDK.</li>
 * </ul>
 * Whichever it is, do not rely on thread identity or thread-locals across an await; pass what the body
 * needs in its local variables. A {@link DeferredContext} is the exception: the body runs in the context
 * of its {@code run} call across every await, on either mechanism. Exactly one thread runs the body at a time, and everything it wrote
 * before an await is visible after it.
 *
 * <h2>Locks held by the firing thread</h2>
 * A callback re-enters a lock its firing thread holds, and so does a woven body; a body on a thread
 * of its own cannot, and
 * would wait for the firing thread while the firing thread waits for it. A firing platform thread
 * that has waited a quarter of a second looks for that cycle (a monitor or an exclusively owned
 * {@code java.util.concurrent} lock it holds, which the body is blocked on) and, found twice in a
 * row, gives the body up: the body's Deferred fails with {@link InlineDeadlockException} and the
 * firing call returns. The abandoned body never hands anything back: its next await throws that
 * exception and its outcome is discarded. Fire Deferreds outside your locks.
 *
 * <h2>Bodies that wait forever</h2>
 * A body suspended on a Deferred that is then garbage-collected (together with the Deferred
 * {@code run} returned) can never resume; it is collected too, with its stack and, on the
 * virtual-thread mechanism, its thread. Its {@code finally} blocks do not run.
 *
 * <h2>Why this design</h2>
 * Awaiting a fired Deferred never suspends, which makes the common case as cheap as a callback.
 * A real suspension needs the body's stack kept somewhere. Continuations would keep it without a
 * second thread, but they are an internal JDK class that the JDK supports only under virtual
 * threads (see above), so they are an opt-in. By default each body gets a virtual thread and a
 * synchronous hand-off with its driver, which keeps every guarantee above. What made a naive
 * hand-off slow is parking: a body parked on behalf of a platform thread is woken through the
 * virtual-thread scheduler, about ten microseconds. So both sides spin for a short, bounded window
 * before parking, and the body stops spinning when its resumes keep coming late; on one CPU, or
 * when the driver is itself a virtual thread (the hand-off then stays in the scheduler and is cheap
 * anyway), nobody spins. The choice of mechanism is made once per JVM.
 *
 * <h2>Differences from Twisted</h2>
 * Twisted 22.4 unwinds a chain of nested {@code inlineCallbacks} recursively, and a long one
 * overflows its stack. Here the first 32 levels unwind recursively, in Twisted's order, and deeper
 * ones are queued and fired in a loop: past that depth, a body's Deferred fires after the remaining
 * callbacks of the Deferred it waited on rather than in the middle of them. Twisted runs a
 * collected generator's {@code finally} blocks; here they do not run. Awaiting from inside a class
 * initializer or a native call cannot suspend on the continuation mechanism and throws
 * {@link IllegalStateException}.
 */
public final class InlineCallbacks {
    private static final boolean CONTINUATIONS = ContinuationStrand.AVAILABLE;

    private InlineCallbacks() {}

    /**
     * The handle an inline body waits with. It belongs to one body: calling {@link #await} from
     * outside that body's code (another thread, a callback that runs while the body is suspended,
     * a nested body, or after the body ended) throws {@link IllegalStateException}.
     */
    public sealed interface Coroutine permits InlineBody {

        /**
         * Waits for {@code deferred} and returns its value, or throws its failure (the very object,
         * with its own type). If it has a result already, that happens at once, without suspending;
         * otherwise the body is suspended and resumes, on the thread that fires {@code deferred},
         * before that {@code callback()}/{@code errback()} returns. Either way {@code deferred} is
         * left holding {@code null}.
         *
         * <pre>{@code
         * User user = co.await(loadUser(id));
         * }</pre>
         *
         * @param deferred the Deferred to wait for; consumed
         * @param <T> its result type
         * @return its value
         * @throws Throwable its failure; a {@link java.util.concurrent.CancellationException} if the
         *         body's Deferred was cancelled while waiting
         * @throws NullPointerException if {@code deferred} is null
         * @throws IllegalArgumentException if {@code deferred} is this body's own Deferred (it could
         *         never fire)
         * @throws IllegalStateException if called outside this body, on another thread, or after
         *         the body ended
         */
        <T> T await(Deferred<? extends T> deferred) throws Throwable;
    }

    /**
     * Runs {@code body} now, on this thread's turn, until its first wait on an unfired Deferred, and
     * returns the Deferred its outcome will fire. See the class documentation for what runs when.
     *
     * <pre>{@code
     * Deferred<String> greeting = InlineCallbacks.run(co -> "hello " + co.await(nameOf(user)));
     * }</pre>
     *
     * @param body the code; receives the handle it awaits with; its return value fires the result,
     *             an exception it throws fails it
     * @param <R> the result type
     * @return a Deferred fired with the body's outcome (already fired if the body did not suspend);
     *         cancelling it cancels what the body waits on
     * @throws NullPointerException if {@code body} is null
     */
    public static <R> Deferred<R> run(CheckedFunction1<? super Coroutine, ? extends R> body) {
        if (body == null) {
            throw new NullPointerException("InlineCallbacks.run(null): pass the body, e.g. co -> co.await(d)");
        }
        InlineBody<R> b = body instanceof WovenInline.WovenBody<?> w
                ? new InlineBody<R>(InlineCallbacks.<R>woven(w), InlineBody.Mechanism.WOVEN)
                : new InlineBody<R>(body, CONTINUATIONS);
        b.drive();
        return b.result();
    }

    @SuppressWarnings("unchecked")
    private static <R> CheckedFunction1<? super Coroutine, ? extends R> woven(WovenInline.WovenBody<?> w) {
        return (CheckedFunction1<? super Coroutine, ? extends R>) w.fn();
    }

    /**
     * The thread on whose turn the calling code runs. Outside an inline body, and in a woven body or
     * a body on the continuation mechanism, that is {@code Thread.currentThread()}. In a body on the virtual-thread
     * mechanism it is the thread that resumed the body's current slice (or called {@code run}) and
     * waits, doing nothing else, until the slice ends: while the body runs, it acts for that thread.
     * Through nested bodies it is the first thread that is not a body's.
     *
     * <p>Event loops use it to recognise their own turn: a reactor's {@code isOnReactorTurn()} is
     * true in a body its loop thread is driving, so calls that must be made on the loop (writing to a
     * transport, say) work from such a body as from a callback. Its {@code isInReactorThread()}
     * stays the truth about the thread, false in such a body on the virtual-thread mechanism. Use it the same way, to decide where
     * code runs; not as a key for thread-confined data, since the body's code does run on another
     * thread.
     *
     * <pre>{@code
     * boolean onLoop = InlineCallbacks.drivingThread() == loopThread;
     * }</pre>
     *
     * @return the thread whose turn this is; never null
     */
    public static Thread drivingThread() {
        Thread me = Thread.currentThread();
        if (!me.isVirtual()) {
            // Only virtual threads run bodies for other threads; a platform thread acts for itself.
            return me;
        }
        InlineBody<?> body = InlineThreadState.get().current;
        return body == null ? me : body.drivingThread();
    }

    /**
     * How bodies that deferred-weaver did not transform are suspended in this JVM:
     * {@code "continuation"}, {@code "virtual-thread on the firing thread (carrier)"} or
     * {@code "virtual-thread"} (followed by the reasons the opt-ins are not used). Decided once,
     * when the class is loaded. Woven bodies always run as state machines on the firing thread,
     * whatever this says.
     *
     * @return a short description, for logs and diagnostics
     */
    public static String mechanism() {
        if (CONTINUATIONS) {
            return "continuation";
        }
        return VirtualThreadStrand.CARRIER ? "virtual-thread on the firing thread (carrier)"
                : "virtual-thread (" + ContinuationStrand.UNAVAILABLE_REASON + "; " + CarrierThreads.UNAVAILABLE_REASON + ")";
    }
}
