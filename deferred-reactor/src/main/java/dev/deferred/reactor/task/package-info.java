/**
 * Twisted's {@code twisted.internet.task}: {@link dev.deferred.reactor.task.Tasks#deferLater
 * deferLater}, {@link dev.deferred.reactor.task.LoopingCall} and cooperative multitasking
 * ({@link dev.deferred.reactor.task.Cooperator}). Everything here runs on the thread that drives
 * its clock (the reactor thread, or a test advancing a {@link dev.deferred.reactor.Clock}) and is
 * not thread-safe.
 */
package dev.deferred.reactor.task;
