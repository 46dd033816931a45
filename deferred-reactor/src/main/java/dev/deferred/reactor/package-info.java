/**
 * Reactors: the {@link dev.deferred.reactor.Reactor} interface (run, stop, callFromThread, system
 * event triggers), {@link dev.deferred.reactor.ReactorFDSet} (channel readiness, what transports
 * are built on) and {@link dev.deferred.reactor.ReactorThreads} (blocking work on a pool); the real
 * NIO implementation {@link dev.deferred.reactor.SelectReactor}; and the deterministic
 * {@link dev.deferred.reactor.Clock} for tests.
 *
 * <pre>{@code
 * SelectReactor reactor = new SelectReactor();
 * reactor.callWhenRunning(() ->
 *     Tasks.deferLater(reactor, Duration.ofSeconds(1), () -> "tick")
 *          .addCallback(s -> { System.out.println(s); reactor.stop(); return null; }));
 * reactor.run();
 * }</pre>
 */
package dev.deferred.reactor;
