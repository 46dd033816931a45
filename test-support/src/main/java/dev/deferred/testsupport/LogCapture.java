package dev.deferred.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Records what is logged (at WARN and above by default, from any logger) while a test runs, so it
 * can assert that a warning appeared, or that nothing was reported. Close it to detach.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final Logger logger;
    private final Level previous;
    /** Thread-safe: events arrive on whatever thread logs them (the reactor thread, a watchdog). */
    public final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger, Level level) {
        this.logger = logger;
        this.previous = logger.getLevel();
        setContext(logger.getLoggerContext());
        start();
        logger.addAppender(this);
        if (level != null && !logger.isEnabledFor(level)) {
            logger.setLevel(level);
        }
    }

    /** Captures WARN and above from every logger. */
    public static LogCapture all() {
        return new LogCapture((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME), null);
    }

    /** Captures {@code level} and above from {@code type}'s logger. */
    public static LogCapture of(Class<?> type, Level level) {
        return new LogCapture((Logger) LoggerFactory.getLogger(type), level);
    }

    @Override
    protected void append(ILoggingEvent e) {
        events.add(e);
    }

    /** The events at {@code level} or above. */
    public List<ILoggingEvent> atLeast(Level level) {
        return events.stream().filter(e -> e.getLevel().isGreaterOrEqual(level)).toList();
    }

    /** Message, and the stack trace of the exception, of every event: for assertion messages. */
    public String text() {
        StringBuilder b = new StringBuilder();
        for (ILoggingEvent e : events) {
            b.append(e.getLevel()).append(' ').append(e.getFormattedMessage()).append('\n');
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                b.append("  ").append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
            }
        }
        return b.toString();
    }

    /** Waits (bounded) until an event matches {@code p}; returns it, or null on time-out. */
    public ILoggingEvent await(Predicate<ILoggingEvent> p, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            for (ILoggingEvent e : events) {
                if (p.test(e)) {
                    return e;
                }
            }
            Thread.sleep(5);
        }
        return null;
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        logger.setLevel(previous);
        stop();
    }
}
