package dev.deferred.net.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.testing.MemoryReactor;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EndpointStringsTest {
    private final MemoryReactor reactor = new MemoryReactor();
    private final Factory factory = Factory.forProtocol(() -> new Protocol() { });

    private MemoryReactor.TcpServer listened(String description) {
        Endpoints.serverFromString(reactor, description).listen(factory);
        return reactor.getTcpServers().get(reactor.getTcpServers().size() - 1);
    }

    private MemoryReactor.TcpClient connected(String description) {
        Endpoints.clientFromString(reactor, description).connect(factory);
        return reactor.getTcpClients().get(reactor.getTcpClients().size() - 1);
    }

    @Test
    void aBarePortListensOnAllIpv4Interfaces() {
        assertInstanceOf(TCP4ServerEndpoint.class, Endpoints.serverFromString(reactor, "tcp:8080"));
        assertEquals(new MemoryReactor.TcpServer(8080, factory, 50, ""), listened("tcp:8080"));
    }

    @Test
    void keywordsSetPortInterfaceAndBacklog() {
        assertEquals(new MemoryReactor.TcpServer(8080, factory, 50, "127.0.0.1"),
                listened("tcp:port=8080:interface=127.0.0.1"));
        assertEquals(new MemoryReactor.TcpServer(81, factory, 7, "127.0.0.1"),
                listened("tcp:81:backlog=7:interface=127.0.0.1"));
    }

    @Test
    void tcp6DefaultsToTheIpv6WildcardAndTakesEscapedColons() {
        assertInstanceOf(TCP6ServerEndpoint.class, Endpoints.serverFromString(reactor, "tcp6:80"));
        assertEquals(new MemoryReactor.TcpServer(80, factory, 50, "::"), listened("tcp6:80"));
        assertEquals(new MemoryReactor.TcpServer(0, factory, 50, "::1"), listened("tcp6:port=0:interface=\\:\\:1"));
    }

    @Test
    void clientStringsByKeywordAndByPosition() {
        MemoryReactor.TcpClient c = connected("tcp:host=localhost:port=8080");
        assertEquals("localhost", c.host());
        assertEquals(8080, c.port());
        assertEquals(Duration.ofSeconds(30), c.timeout());
        MemoryReactor.TcpClient d = connected("tcp:example.com:443:timeout=2.5");
        assertEquals("example.com", d.host());
        assertEquals(443, d.port());
        assertEquals(Duration.ofMillis(2500), d.timeout());
        assertInstanceOf(TCP6ClientEndpoint.class, Endpoints.clientFromString(reactor, "tcp6:host=\\:\\:1:port=1"));
        assertEquals(null, d.bindAddress());
    }

    @Test
    void bindAddressIsANumericLocalAddressOnAnyPort() {
        assertEquals(new InetSocketAddress("127.0.0.2", 0), connected("tcp:h:80:bindAddress=127.0.0.2").bindAddress());
        assertEquals(new InetSocketAddress("::1", 0), connected("tcp6:h:80:bindAddress=\\:\\:1").bindAddress());
    }

    private static void assertBad(String message, Runnable parse, String... mustMention) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, parse::run);
        for (String m : mustMention) {
            assertTrue(e.getMessage().contains(m), message + ": \"" + e.getMessage() + "\" should mention " + m);
        }
    }

    @Test
    void malformedServerStringsNameTheBadPart() {
        assertBad("unknown type", () -> Endpoints.serverFromString(reactor, "udp:80"), "udp", "tcp, tcp6");
        assertBad("no port", () -> Endpoints.serverFromString(reactor, "tcp:interface=127.0.0.1"), "port is missing");
        assertBad("port not a number", () -> Endpoints.serverFromString(reactor, "tcp:port=http"), "\"http\"");
        assertBad("port too big", () -> Endpoints.serverFromString(reactor, "tcp:70000"), "70000", "0..65535");
        assertBad("unknown key", () -> Endpoints.serverFromString(reactor, "tcp:80:iface=x"), "\"iface\"");
        assertBad("too many values", () -> Endpoints.serverFromString(reactor, "tcp:80:90"), "\"90\"");
        assertBad("twice", () -> Endpoints.serverFromString(reactor, "tcp:80:port=81"), "port is given twice");
        // Issue 18 item 17: a stray positional value is named, not reported as a repeated port.
        assertBad("stray value", () -> Endpoints.serverFromString(reactor, "tcp6:port=0:interface=\\:\\:1:extra"),
                "unexpected value \"extra\"", "already given as port=0");
        assertBad("backlog 0", () -> Endpoints.serverFromString(reactor, "tcp:80:backlog=0"), "backlog 0");
        assertBad("empty", () -> Endpoints.serverFromString(reactor, ""), "type is missing");
        assertBad("lone backslash", () -> Endpoints.serverFromString(reactor, "tcp:80\\"), "backslash");
        // Issue 18 item 12: an interface is numeric; a name would be looked up on the reactor thread.
        assertBad("interface by name", () -> Endpoints.serverFromString(reactor, "tcp:80:interface=localhost"),
                "bad server endpoint", "\"localhost\" is a host name", "not looked up");
        assertBad("malformed interface", () -> Endpoints.serverFromString(reactor, "tcp:80:interface=999.1.1.1"),
                "bad server endpoint", "\"999.1.1.1\" is not a valid IPv4 address");
        assertBad("malformed IPv6 interface", () -> Endpoints.serverFromString(reactor, "tcp6:80:interface=1\\:2\\:3"),
                "bad server endpoint", "\"1:2:3\" is not a valid IPv6 address");
        assertEquals(0, reactor.getTcpServers().size(), "nothing was listened on");
    }

    @Test
    void malformedClientStringsNameTheBadPart() {
        assertBad("no host", () -> Endpoints.clientFromString(reactor, "tcp:port=80"), "host is missing");
        assertBad("no port", () -> Endpoints.clientFromString(reactor, "tcp:host=h"), "port is missing");
        assertBad("port 0", () -> Endpoints.clientFromString(reactor, "tcp:h:0"), "port 0", "1..65535");
        assertBad("timeout", () -> Endpoints.clientFromString(reactor, "tcp:h:1:timeout=soon"), "\"soon\"");
        assertBad("negative timeout", () -> Endpoints.clientFromString(reactor, "tcp:h:1:timeout=-1"), "positive");
        assertBad("timeout below a nanosecond", () -> Endpoints.clientFromString(reactor, "tcp:h:1:timeout=1e-12"),
                "bad client endpoint", "timeout 1e-12 is shorter than a nanosecond");
        assertBad("interface on a client", () -> Endpoints.clientFromString(reactor, "tcp:h:1:interface=x"),
                "\"interface\"");
        assertBad("bindAddress by name", () -> Endpoints.clientFromString(reactor, "tcp:h:1:bindAddress=localhost"),
                "\"localhost\"", "numeric");
        assertBad("malformed bindAddress", () -> Endpoints.clientFromString(reactor, "tcp:h:1:bindAddress=1.2.3.4.5"),
                "\"1.2.3.4.5\"", "not a valid IPv4 address");
        assertEquals(0, reactor.getTcpClients().size(), "nothing was connected");
    }
}
