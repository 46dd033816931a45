package dev.deferred.net.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.net.testing.StringTransport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LineReceiverTest {

    /** Records lines, raw data and over-long lines; "RAW" switches to raw mode. */
    static class Lines extends LineReceiver {
        final List<String> got = new ArrayList<>();

        @Override
        protected void lineReceived(byte[] line) {
            String s = new String(line, UTF_8);
            got.add("line:" + s);
            if (s.equals("RAW")) {
                setRawMode();
            }
        }

        @Override
        protected void rawDataReceived(byte[] data) {
            String s = new String(data, UTF_8);
            got.add("raw:" + s);
            int back = s.indexOf('#');
            if (back >= 0) {
                // "#" ends raw mode; what follows is parsed as lines again
                setLineMode(s.substring(back + 1).getBytes(UTF_8));
            }
        }

        @Override
        protected void lineLengthExceeded(byte[] line) {
            got.add("toolong:" + line.length);
            super.lineLengthExceeded(line);
        }
    }

    private StringTransport transport;
    private Lines lines;

    @BeforeEach
    void connect() {
        transport = new StringTransport();
        lines = new Lines();
        lines.makeConnection(transport);
    }

    private void feed(String s) {
        lines.dataReceived(s.getBytes(UTF_8));
    }

    @Test
    void manyLinesInOneChunkAreDeliveredInOrder() {
        feed("a\r\nbb\r\n\r\nccc\r\n");
        assertEquals(List.of("line:a", "line:bb", "line:", "line:ccc"), lines.got);
    }

    @Test
    void aDelimiterSplitAcrossChunksIsFound() {
        feed("hello\r");
        assertEquals(List.of(), lines.got);
        feed("\nwor");
        feed("ld\r");
        feed("\n");
        assertEquals(List.of("line:hello", "line:world"), lines.got);
    }

    @Test
    void byteAtATimeInputGivesTheSameLines() {
        String input = "one\r\ntwo\r\nthree\r\nrest";
        for (int i = 0; i < input.length(); i++) {
            feed(input.substring(i, i + 1));
        }
        assertEquals(List.of("line:one", "line:two", "line:three"), lines.got);
    }

    @Test
    void aCustomMultiByteDelimiter() {
        lines.setDelimiter("<>".getBytes(UTF_8));
        feed("a<b<");
        feed("><>c<>");
        assertEquals(List.of("line:a<b", "line:", "line:c"), lines.got);
    }

    @Test
    void anOverlongLineWithItsDelimiterIsReportedAndClosesTheConnection() {
        lines.setMaxLength(5);
        feed("12345\r\n123456\r\nafter\r\n");
        assertEquals(List.of("line:12345", "toolong:15"), lines.got);
        assertTrue(transport.isDisconnecting());
    }

    @Test
    void unterminatedInputPastTheLimitIsReportedOnceItCannotBeALine() {
        lines.setMaxLength(5);
        feed("123456");   // 6 bytes < 5 + 2: too short to rule out a line yet (Twisted waits too)
        assertEquals(List.of(), lines.got);
        feed("7");        // 7 bytes >= 5 + 2: no line of at most 5 bytes can end here
        assertEquals(List.of("toolong:7"), lines.got);
    }

    @Test
    void rawModeGetsTheRestOfTheChunkAndLineModeComesBack() {
        feed("x\r\nRAW\r\nbinary");
        feed("more#y\r\nz\r\n");
        assertEquals(List.of("line:x", "line:RAW", "raw:binary", "raw:more#y\r\nz\r\n", "line:y", "line:z"),
                lines.got);
        assertTrue(lines.isLineMode());
    }

    @Test
    void rawModeWithoutAnOverrideIsAClearError() {
        LineReceiver plain = new LineReceiver() {
            @Override
            protected void lineReceived(byte[] line) {
                setRawMode();
            }
        };
        plain.makeConnection(new StringTransport());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> plain.dataReceived("a\r\nb".getBytes(UTF_8)));
        assertTrue(e.getMessage().contains("rawDataReceived"));
    }

    @Test
    void linesStopOnceTheTransportIsDisconnecting() {
        Lines quitter = new Lines() {
            @Override
            protected void lineReceived(byte[] line) {
                super.lineReceived(line);
                transport.loseConnection();
            }
        };
        quitter.makeConnection(new StringTransport());
        quitter.dataReceived("first\r\nsecond\r\n".getBytes(UTF_8));
        assertEquals(List.of("line:first"), quitter.got);
    }

    @Test
    void dataFedFromInsideALineHandlerIsQueuedAfterTheCurrentLines() {
        Lines reentrant = new Lines() {
            @Override
            protected void lineReceived(byte[] line) {
                super.lineReceived(line);
                if (new String(line, UTF_8).equals("a")) {
                    dataReceived("inner\r\n".getBytes(UTF_8));
                }
            }
        };
        reentrant.makeConnection(new StringTransport());
        reentrant.dataReceived("a\r\nb\r\n".getBytes(UTF_8));
        assertEquals(List.of("line:a", "line:b", "line:inner"), reentrant.got);
    }

    @Test
    void sendLineAppendsTheDelimiter() {
        lines.sendLine("hi");
        lines.setDelimiter("\n".getBytes(UTF_8));
        lines.sendLine("there".getBytes(UTF_8));
        assertEquals("hi\r\nthere\n", transport.valueString());
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> lines.setDelimiter(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> lines.setMaxLength(0));
        assertFalse(transport.isDisconnecting());
    }
}
