package dev.deferred.net.tcp;

import dev.deferred.Deferred;
import dev.deferred.net.protocol.Address;
import dev.deferred.net.protocol.ConnectFailedException;
import dev.deferred.reactor.Reactor;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * {@link HostResolver#system}: the JDK's blocking lookup on a virtual thread per name, the answer
 * delivered with {@code callFromThread}. A cancelled lookup runs to its end (it cannot be
 * interrupted) and its answer is dropped.
 */
final class SystemHostResolver implements HostResolver {
    private final Reactor reactor;

    SystemHostResolver(Reactor reactor) {
        this.reactor = reactor;
    }

    @Override
    public Deferred<List<InetAddress>> resolve(String host) {
        if (Address.isNumeric(host)) {
            try {
                return Deferred.succeed(List.of(InetAddress.getByName(host))); // a literal: parsed, no lookup
            } catch (UnknownHostException e) {
                return Deferred.fail(new ConnectFailedException("bad address " + host + ": " + e.getMessage(), e));
            }
        }
        Deferred<List<InetAddress>> d = new Deferred<>();
        Thread.ofVirtual().name("resolve " + host).start(() -> {
            try {
                List<InetAddress> all = List.of(InetAddress.getAllByName(host));
                reactor.callFromThread(() -> {
                    if (!d.isCalled()) {
                        d.callback(all);
                    }
                });
            } catch (UnknownHostException e) {
                reactor.callFromThread(() -> {
                    if (!d.isCalled()) {
                        d.errback(new ConnectFailedException("cannot resolve host " + host + ": " + e.getMessage(), e));
                    }
                });
            }
        });
        return d;
    }

    @Override
    public String toString() {
        return "SystemHostResolver";
    }
}
