package dev.deferred.reactor;

import java.nio.channels.SelectableChannel;

/**
 * What a reactor calls when a channel it watches is ready (see {@link ReactorFDSet}). Runs on the
 * reactor thread. It should read or write without blocking and return; if it throws, the reactor
 * logs the exception and stops watching the channel (it does not close it).
 */
@FunctionalInterface
public interface ReadyHandler {
    /**
     * The channel is ready for the operation this handler was registered for.
     *
     * @param channel the ready channel
     * @throws Exception logged; the channel is then removed from the reactor
     */
    void ready(SelectableChannel channel) throws Exception;
}
