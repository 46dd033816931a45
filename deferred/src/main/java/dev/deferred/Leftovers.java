package dev.deferred;

import java.util.List;

/**
 * Something that can say what it still has going: a reactor's pending delayed calls, listening
 * ports, open connections. A finished test should leave none of these behind; the
 * {@code deferred-testing} module's {@code CleanReactorExtension} fails a test that does, listing
 * each leftover (Twisted trial's "dirty reactor" check). The interface lives in the core so that
 * the testing module needs no dependency on any reactor.
 *
 * <pre>{@code
 * for (Leftovers.Leftover l : clock.getLeftovers()) {
 *     System.out.println(l);   // DelayedCall[at 5.0s, pending, ...] created at: ...
 * }
 * }</pre>
 */
public interface Leftovers {

    /**
     * What is still pending or open now. Callable from any thread.
     *
     * @return the leftovers, in no particular order; empty when clean
     */
    List<Leftover> getLeftovers();

    /**
     * One thing left behind.
     *
     * @param description what it is, e.g. {@code DelayedCall[at 5.0s, pending, ...]}
     * @param creation where it was created, captured when {@link Deferred#setDebugging(boolean)
     *        debugging} was on then; null otherwise
     */
    record Leftover(String description, Throwable creation) {
        /**
         * The description and where it was created (library frames folded), or a hint on how to
         * record that.
         *
         * @return readable text, possibly several lines
         */
        @Override
        public String toString() {
            if (creation == null) {
                return description + " (call Deferred.setDebugging(true) to see where it was created)";
            }
            return description + ", created at:\n" + DebugInfo.stackText(creation);
        }
    }
}
