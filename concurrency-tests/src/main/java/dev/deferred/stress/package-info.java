/**
 * jcstress tests of {@link dev.deferred.Deferred}'s thread-safety contract: a Deferred may be fired,
 * extended and cancelled from any thread, and its callbacks run one at a time, in order, exactly
 * once.
 *
 * <p>Each test states every outcome it accepts; anything else is a catch-all {@code FORBIDDEN},
 * i.e. a bug in the library. Run them with {@code scripts/stress.sh} (see the module's README).
 */
package dev.deferred.stress;
