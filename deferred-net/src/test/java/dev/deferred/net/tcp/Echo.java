package dev.deferred.net.tcp;

import dev.deferred.net.protocol.Protocol;

/** Writes back whatever it reads. */
class Echo extends Protocol {
    @Override
    public void dataReceived(byte[] data) {
        transport.write(data);
    }
}
