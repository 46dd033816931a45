package dev.deferred.reactor;

import dev.deferred.ErrorLog;
import dev.deferred.Failures;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * The channels a {@link SelectReactor} watches, and the dispatch of their readiness to handlers.
 *
 * <p>Concurrency: only the reactor thread changes registrations or calls handlers. {@code regs} is
 * a concurrent map only so that {@link #snapshot} from another thread sees a consistent view.
 *
 * <p>Keys are never cancelled when a channel stops being watched: interest drops to 0 instead, and
 * the key is reused when the channel is watched again. Cancelling would make an immediate re-add
 * fail until the next select flushes the cancelled key; keys go away when their channel is closed.
 */
final class Channels {
    private static final Logger log = ErrorLog.logger(Channels.class);

    private static final class Registration {
        final SelectableChannel channel;
        final SelectionKey key;
        ReadyHandler reader;
        ReadyHandler writer;

        Registration(SelectableChannel channel, SelectionKey key) {
            this.channel = channel;
            this.key = key;
        }
    }

    private final Selector selector;
    private final Map<SelectableChannel, Registration> regs = new ConcurrentHashMap<>();

    Channels(Selector selector) {
        this.selector = selector;
    }

    /** Sets (or with null clears) the reader or writer handler of {@code ch}. */
    void set(SelectableChannel ch, ReadyHandler handler, boolean reader) {
        Registration r = regs.get(ch);
        if (r == null || !r.key.isValid()) {
            if (r != null) {
                regs.remove(ch);
            }
            if (handler == null) {
                return;
            }
            r = register(ch);
        }
        if (reader) {
            r.reader = handler;
        } else {
            r.writer = handler;
        }
        update(r);
    }

    void removeAll(SelectableChannel ch) {
        Registration r = regs.remove(ch);
        if (r != null) {
            r.reader = null;
            r.writer = null;
            if (r.key.isValid()) {
                r.key.interestOps(0);
            }
        }
    }

    Set<SelectableChannel> snapshot(boolean readers) {
        Set<SelectableChannel> out = new HashSet<>();
        for (Registration r : regs.values()) {
            if ((readers ? r.reader : r.writer) != null) {
                out.add(r.channel);
            }
        }
        return out;
    }

    private Registration register(SelectableChannel ch) {
        SelectionKey key = ch.keyFor(selector);
        try {
            if (key == null || !key.isValid()) {
                key = ch.register(selector, 0);
            }
        } catch (ClosedChannelException e) {
            throw new IllegalStateException("cannot watch " + ch + ": it is closed", e);
        } catch (CancelledKeyException e) {
            throw new IllegalStateException("cannot watch " + ch + ": it was closed", e);
        }
        Registration r = new Registration(ch, key);
        key.attach(r);
        regs.put(ch, r);
        return r;
    }

    private void update(Registration r) {
        int ops = 0;
        if (r.reader != null) {
            ops |= (r.channel.validOps() & SelectionKey.OP_ACCEPT) != 0 ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
        }
        if (r.writer != null) {
            ops |= r.channel instanceof SocketChannel sc && sc.isConnectionPending()
                    ? SelectionKey.OP_CONNECT : SelectionKey.OP_WRITE;
        }
        if (ops == 0) {
            regs.remove(r.channel);
        }
        if (r.key.isValid()) {
            r.key.interestOps(ops);
        }
    }

    /** Calls the handlers of the channels the last select found ready. */
    void dispatchSelected() {
        Set<SelectionKey> selected = selector.selectedKeys();
        if (selected.isEmpty()) {
            return;
        }
        Iterator<SelectionKey> it = selected.iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            if (!(key.attachment() instanceof Registration r) || regs.get(r.channel) != r) {
                continue;
            }
            try {
                int ready = key.readyOps();
                if ((ready & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0 && r.reader != null) {
                    r.reader.ready(r.channel);
                }
                if ((ready & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0 && r.writer != null
                        && key.isValid() && regs.get(r.channel) == r) {
                    r.writer.ready(r.channel);
                    if ((ready & SelectionKey.OP_CONNECT) != 0 && regs.get(r.channel) == r) {
                        // The connection may now be finished: OP_CONNECT would never fire again.
                        update(r);
                    }
                }
            } catch (CancelledKeyException e) {
                regs.remove(r.channel);
            } catch (Throwable e) {
                Failures.rethrowIfEndsLoop(e); // the one policy: anything else is logged and the loop goes on
                log.error("Handler for {} threw; the reactor stops watching it", r.channel, e);
                removeAll(r.channel);
            }
        }
    }

    /** At the end of the reactor: forget every channel (they are closed by their owners). */
    void closeAll() {
        for (Registration r : regs.values()) {
            try {
                if (r.key.isValid()) {
                    r.key.cancel();
                }
            } catch (RuntimeException e) {
                log.debug("Cancelling the key of {} failed", r.channel, e);
            }
        }
        regs.clear();
    }
}
