package dev.deferred.reactor.tcp;

import dev.deferred.reactor.protocol.Protocol;

/** Writes back whatever it reads. */
class Echo extends Protocol {
    @Override
    public void dataReceived(byte[] data) {
        transport.write(data);
    }
}
