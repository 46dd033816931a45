package dev.deferred.net.tcp;

import dev.deferred.net.protocol.Protocol;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client protocol for tests: sends {@code toSend} on connect, collects what it reads, and
 * completes {@link #lost} with the connectionLost reason; counts connectionLost calls.
 */
class Collector extends Protocol {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final CompletableFuture<Throwable> lost = new CompletableFuture<>();
    final CompletableFuture<Void> made = new CompletableFuture<>();
    final AtomicInteger lostCalls = new AtomicInteger();
    private final byte[] toSend;
    private final int expect;
    /** Completed once {@code expect} bytes have arrived. */
    final CompletableFuture<byte[]> all = new CompletableFuture<>();

    Collector(byte[] toSend, int expect) {
        this.toSend = toSend;
        this.expect = expect;
    }

    @Override
    public void connectionMade() {
        made.complete(null);
        if (toSend.length > 0) {
            transport.write(toSend);
        }
    }

    @Override
    public void dataReceived(byte[] data) {
        received.writeBytes(data);
        if (received.size() >= expect && !all.isDone()) {
            all.complete(received.toByteArray());
        }
    }

    @Override
    public void connectionLost(Throwable reason) {
        lostCalls.incrementAndGet();
        lost.complete(reason);
    }
}
