package dev.deferred.net.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Converting socket addresses, and telling numeric hosts (no lookup) from names. */
class AddressTest {

    @Test
    void ofGivesTheRecordOfTheAddressFamily() {
        assertEquals(new IPv4Address("127.0.0.1", 80), Address.of(new InetSocketAddress("127.0.0.1", 80)));
        assertEquals(new IPv6Address("0:0:0:0:0:0:0:1", 80), Address.of(new InetSocketAddress("::1", 80)));
        assertThrows(IllegalArgumentException.class, () -> Address.of(InetSocketAddress.createUnresolved("h", 1)));
    }

    @Test
    void dottedQuadsAndIpv6LiteralsAreNumeric() {
        for (String host : new String[] {"127.0.0.1", "0.0.0.0", "255.255.255.255", "10.0.0.010", "::1", "fe80::1%lo", "::ffff:1.2.3.4"}) {
            assertTrue(Address.isNumeric(host), host);
        }
    }

    @Test
    void namesAndMalformedIpv4AreNotNumericSoTheyAreLookedUpOffTheLoop() {
        for (String host : new String[] {"", "localhost", "example.com", "1.2.3", "1.2.3.4.5", "256.0.0.1",
                "999.1.1.1", "1..2.3", ".1.2.3", "1.2.3.", "1.2.3.4a", "12345678901.1.1.1", "zz:1",
                "host:80", "\uff11::1"}) {
            assertFalse(Address.isNumeric(host), host);
        }
    }
}
