package dev.deferred.net.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.process.ProcessDoneException;
import dev.deferred.net.process.ProcessExitedAlreadyException;
import dev.deferred.net.process.ProcessOutput;
import dev.deferred.net.process.ProcessOutputSignalException;
import dev.deferred.net.process.Processes;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.IPv4Address;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.protocol.UNIXAddress;
import dev.deferred.net.udp.DatagramProtocol;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** MemoryReactor records UNIX listens and connects, UDP ports and spawned processes. */
class MemoryReactorUnixUdpProcessTest {

    @Test
    void unixEndpointStringsAreRecorded() {
        MemoryReactor reactor = new MemoryReactor();
        Factory f = Factory.forProtocol(() -> new Protocol() { });
        AtomicReference<Object> port = new AtomicReference<>();
        Endpoints.serverFromString(reactor, "unix:/run/app.sock:mode=660:backlog=5").listen(f).addCallback(p -> {
            port.set(p.getHost());
            return null;
        });
        assertEquals(List.of(new MemoryReactor.UnixServer("/run/app.sock", f, 5, 0660, true)), reactor.getUnixServers());
        assertEquals(new UNIXAddress("/run/app.sock"), port.get());

        Deferred<Protocol> d = Endpoints.clientFromString(reactor, "unix:path=/run/app.sock:timeout=2:lockfile=1").connect(f);
        MemoryReactor.UnixClient c = reactor.getUnixClients().get(0);
        assertEquals("/run/app.sock", c.path());
        assertEquals(Duration.ofSeconds(2), c.timeout());
        assertTrue(c.checkPID());
        assertEquals(new UNIXAddress("/run/app.sock"), c.connector().getDestination());
        // The test plays the connection: the endpoint's Deferred fires with the protocol.
        Protocol p = c.factory().buildProtocol(new UNIXAddress("/run/app.sock"));
        p.makeConnection(new StringTransport());
        assertTrue(d.isCalled());
    }

    @Test
    void unixEndpointStringDefaultsAreTwisteds() {
        MemoryReactor reactor = new MemoryReactor();
        Factory f = Factory.forProtocol(() -> new Protocol() { });
        Endpoints.serverFromString(reactor, "unix:/a.sock").listen(f);
        Endpoints.serverFromString(reactor, "unix:address=/b\\:c.sock:lockfile=0").listen(f);
        assertEquals(List.of(new MemoryReactor.UnixServer("/a.sock", f, 50, 0666, true),
                new MemoryReactor.UnixServer("/b:c.sock", f, 50, 0666, false)), reactor.getUnixServers());
        Endpoints.clientFromString(reactor, "unix:/a.sock").connect(f);
        MemoryReactor.UnixClient c = reactor.getUnixClients().get(0);
        assertEquals("/a.sock", c.path());
        assertEquals(Duration.ofSeconds(30), c.timeout());
        assertFalse(c.checkPID());
        for (String bad : new String[] {"unix:", "unix:/a:mode=8", "unix:/a:lockfile=2", "unix:/a:port=1"}) {
            assertThrows(IllegalArgumentException.class, () -> Endpoints.serverFromString(reactor, bad), bad);
        }
        for (String bad : new String[] {"unix:", "unix:path=/a:timeout=0", "unix:path=/a:mode=600"}) {
            assertThrows(IllegalArgumentException.class, () -> Endpoints.clientFromString(reactor, bad), bad);
        }
    }

    @Test
    void udpPortsRecordTheirWrites() {
        MemoryReactor reactor = new MemoryReactor();
        DatagramProtocol echo = new DatagramProtocol() {
            @Override
            public void datagramReceived(byte[] data, IPAddress from) {
                transport.write(data, from);
            }
        };
        reactor.listenUDP(0, echo, "127.0.0.1", 512);
        MemoryReactor.UdpPort rec = reactor.getUdpPorts().get(0);
        assertSame(echo, rec.protocol());
        assertEquals(512, rec.maxPacketSize());
        assertSame(rec.transport(), echo.getTransport(), "startProtocol ran with the fake port attached");
        assertTrue(rec.transport().getHost().port() >= 49152);
        echo.datagramReceived("hi".getBytes(StandardCharsets.UTF_8), new IPv4Address("10.0.0.9", 5353));
        MemoryDatagramTransport.Datagram out = rec.transport().getWritten().get(0);
        assertArrayEquals("hi".getBytes(StandardCharsets.UTF_8), out.data());
        assertEquals(new IPv4Address("10.0.0.9", 5353), out.to());
        rec.transport().stopListening();
        assertNull(echo.getTransport(), "stopProtocol detached it");
    }

    @Test
    void spawnedProcessesAreRecordedAndPlayedByTheTest() {
        MemoryReactor reactor = new MemoryReactor();
        Deferred<ProcessOutput> d = Processes.getProcessOutputAndValue(reactor, List.of("git", "status"),
                Map.of("HOME", "/tmp"), Path.of("/src"));
        MemoryReactor.SpawnedProcess rec = reactor.getProcesses().get(0);
        assertEquals(List.of("git", "status"), rec.command());
        assertEquals(Path.of("/src"), rec.path());
        assertTrue(rec.transport().isStdinClosed(), "getProcessOutputAndValue closes stdin at once");
        rec.protocol().outReceived("clean\n".getBytes(StandardCharsets.UTF_8));
        assertFalse(d.isCalled());
        rec.transport().exit(0);
        AtomicReference<ProcessOutput> got = new AtomicReference<>();
        d.addCallback(o -> {
            got.set(o);
            return null;
        });
        assertEquals("clean\n", got.get().outText());
        assertEquals(0, got.get().exitCode());
        AtomicReference<Throwable> ended = new AtomicReference<>();
        rec.transport().whenEnded().addBoth(t -> {
            ended.set(t.isSuccess() ? new ProcessDoneException(0) : t.getCause());
            return null;
        });
        assertInstanceOf(ProcessDoneException.class, ended.get());
        assertThrows(ProcessExitedAlreadyException.class, () -> rec.transport().signalProcess("TERM"));

        Deferred<ProcessOutput> killed = Processes.getProcessOutputAndValue(reactor, List.of("sleep", "9"), null, null);
        MemoryProcessTransport second = reactor.getProcesses().get(1).transport();
        assertEquals(1001, second.pid());
        second.kill(9);
        AtomicReference<Throwable> why = new AtomicReference<>();
        killed.addErrback(e -> {
            why.set(e);
            return null;
        });
        assertEquals(9, assertInstanceOf(ProcessOutputSignalException.class, why.get()).signal());
    }
}
