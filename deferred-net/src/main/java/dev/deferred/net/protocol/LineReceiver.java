package dev.deferred.net.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A protocol that splits its input into lines (Twisted's {@code basic.LineReceiver}): each line,
 * without its delimiter, goes to {@link #lineReceived}. The delimiter is {@code "\r\n"} unless
 * {@link #setDelimiter} changes it. A line longer than {@link #getMaxLength()} goes to
 * {@link #lineLengthExceeded}, which closes the connection by default. In raw mode
 * ({@link #setRawMode()}) bytes go to {@link #rawDataReceived} as they come, until
 * {@link #setLineMode}.
 *
 * <pre>{@code
 * class Chat extends LineReceiver {
 *     @Override protected void lineReceived(byte[] line) {
 *         sendLine("you said: " + new String(line, StandardCharsets.UTF_8));
 *     }
 * }
 * }</pre>
 *
 * <p>As in Twisted, lines stop being delivered once the transport is disconnecting, and a line
 * handler that switches to raw mode gets the rest of the buffered bytes through
 * {@link #rawDataReceived}.
 */
public abstract class LineReceiver extends Protocol {

    private static final byte[] CRLF = {'\r', '\n'};

    // All fields: reactor thread only (the protocol's methods run there one at a time).

    /** The line separator; never empty. */
    private byte[] delimiter = CRLF;
    /** The longest line accepted, delimiter excluded. */
    private int maxLength = 16384;
    /** Unprocessed input lives in buf[start, end). */
    private byte[] buf = new byte[0];
    private int start;
    private int end;
    /**
     * Where the next delimiter search starts, so bytes already searched are not searched again
     * when a line arrives in many small chunks.
     */
    private int searchFrom;
    private boolean lineMode = true;
    /**
     * True while {@link #dataReceived} is processing: data handed in from inside a line handler is
     * only appended, so lines are delivered in order and never re-entrantly.
     */
    private boolean busy;

    /** Creates a line receiver in line mode with the {@code "\r\n"} delimiter. */
    protected LineReceiver() {
    }

    /**
     * One complete line arrived.
     *
     * @param line the line's bytes, without the delimiter
     */
    protected abstract void lineReceived(byte[] line);

    /**
     * Bytes arrived in raw mode. By default raw mode is unsupported: this throws.
     *
     * @param data the bytes
     * @throws UnsupportedOperationException unless overridden
     */
    protected void rawDataReceived(byte[] data) {
        throw new UnsupportedOperationException(
                getClass().getName() + " switched to raw mode but does not override rawDataReceived");
    }

    /**
     * A line (or unterminated input) is longer than {@link #getMaxLength()}. Buffered input is
     * discarded. By default the connection is closed with {@link Transport#loseConnection()}.
     *
     * @param line the over-long line, followed by whatever was buffered after it
     */
    protected void lineLengthExceeded(byte[] line) {
        if (transport != null) {
            transport.loseConnection();
        }
    }

    /**
     * Splits the bytes into lines; see the class description.
     *
     * @param data the bytes read
     */
    @Override
    public void dataReceived(byte[] data) {
        append(data);
        if (busy) {
            return;
        }
        busy = true;
        try {
            process();
        } finally {
            busy = false;
        }
    }

    private void process() {
        while (end > start) {
            if (!lineMode) {
                byte[] raw = Arrays.copyOfRange(buf, start, end);
                start = end = searchFrom = 0;
                rawDataReceived(raw);
                continue;
            }
            int at = indexOf(Math.max(searchFrom, start));
            if (at < 0) {
                // Keep enough to find a delimiter split across chunks next time.
                searchFrom = Math.max(start, end - delimiter.length + 1);
                if (end - start >= maxLength + delimiter.length) {
                    byte[] line = Arrays.copyOfRange(buf, start, end);
                    start = end = searchFrom = 0;
                    lineLengthExceeded(line);
                }
                return;
            }
            int length = at - start;
            if (length > maxLength) {
                byte[] exceeded = Arrays.copyOfRange(buf, start, end);
                start = end = searchFrom = 0;
                lineLengthExceeded(exceeded);
                return;
            }
            byte[] line = Arrays.copyOfRange(buf, start, at);
            start = at + delimiter.length;
            searchFrom = start;
            lineReceived(line);
            if (transport != null && transport.isDisconnecting()) {
                return;
            }
        }
        start = end = searchFrom = 0;
    }

    private int indexOf(int from) {
        byte first = delimiter[0];
        int last = end - delimiter.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (buf[i] != first) {
                continue;
            }
            for (int k = 1; k < delimiter.length; k++) {
                if (buf[i + k] != delimiter[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void append(byte[] data) {
        if (data.length == 0) {
            return;
        }
        if (end + data.length > buf.length) {
            int live = end - start;
            if (live + data.length <= buf.length && start > 0) {
                System.arraycopy(buf, start, buf, 0, live);
            } else {
                byte[] bigger = new byte[Math.max(live + data.length, buf.length * 2)];
                System.arraycopy(buf, start, bigger, 0, live);
                buf = bigger;
            }
            searchFrom -= start;
            if (searchFrom < 0) {
                searchFrom = 0;
            }
            start = 0;
            end = live;
        }
        System.arraycopy(data, 0, buf, end, data.length);
        end += data.length;
    }

    /**
     * Sends {@code line} followed by the delimiter, in one write.
     *
     * @param line the line, without delimiter
     * @throws IllegalStateException if not connected
     */
    public void sendLine(byte[] line) {
        if (transport == null) {
            throw new IllegalStateException("sendLine before the connection was made");
        }
        byte[] out = Arrays.copyOf(line, line.length + delimiter.length);
        System.arraycopy(delimiter, 0, out, line.length, delimiter.length);
        transport.write(out);
    }

    /**
     * Sends {@code line}, encoded in UTF-8, followed by the delimiter.
     *
     * @param line the line, without delimiter
     * @throws IllegalStateException if not connected
     */
    public void sendLine(String line) {
        sendLine(line.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Switches to raw mode: from now on (including the rest of the data being processed) bytes go
     * to {@link #rawDataReceived}.
     */
    public void setRawMode() {
        lineMode = false;
    }

    /**
     * Switches back to line mode, then processes {@code extra} as if just received (Twisted's
     * {@code setLineMode(extra)}).
     *
     * @param extra bytes to parse as lines now; may be empty
     */
    public void setLineMode(byte[] extra) {
        lineMode = true;
        if (extra != null && extra.length > 0) {
            dataReceived(extra);
        }
    }

    /**
     * Whether lines (not raw bytes) are being delivered.
     *
     * @return true in line mode
     */
    public boolean isLineMode() {
        return lineMode;
    }

    /**
     * Sets the line delimiter, e.g. {@code "\n"}. Affects lines not yet split.
     *
     * @param delimiter the separator, at least one byte (copied)
     * @throws IllegalArgumentException if it is empty
     */
    public void setDelimiter(byte[] delimiter) {
        if (delimiter.length == 0) {
            throw new IllegalArgumentException("the line delimiter must not be empty");
        }
        this.delimiter = delimiter.clone();
        this.searchFrom = start;
    }

    /**
     * The line delimiter.
     *
     * @return a copy of it
     */
    public byte[] getDelimiter() {
        return delimiter.clone();
    }

    /**
     * Sets the longest line accepted (Twisted's {@code MAX_LENGTH}, default 16384).
     *
     * @param maxLength bytes, delimiter excluded; at least 1
     * @throws IllegalArgumentException if below 1
     */
    public void setMaxLength(int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1, got " + maxLength);
        }
        this.maxLength = maxLength;
    }

    /**
     * The longest line accepted.
     *
     * @return bytes, delimiter excluded
     */
    public int getMaxLength() {
        return maxLength;
    }
}
