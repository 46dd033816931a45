package dev.deferred.net.protocol;

/**
 * The address of either end of a pipe, such as the process's standard input and output (Twisted's
 * {@code PipeAddress}). It carries no information; every instance is equal.
 */
public record PipeAddress() implements Address {
}
